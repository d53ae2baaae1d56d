import { describe, expect, it } from "vitest";
import { latencyUnknown, latencyUs } from "@/lib/audit/latency";
import { REQUEST_FLAG } from "@/lib/audit/request-flags";
import { stageBit } from "@/lib/audit/stages";

const RECEIVED = stageBit("RequestReceived");
const COMPLETE = stageBit("ResponseComplete");

describe("latencyUs", () => {
  it("is the latest stage's time less the receipt time when a later stage carried both timestamps", () => {
    expect(latencyUs(REQUEST_FLAG.timed, 100, 350)).toBe(250);
    expect(latencyUs(REQUEST_FLAG.timed | REQUEST_FLAG.conflict, 100, 100)).toBe(0);
  });

  it("is unknown, not 0, when no later stage carried both timestamps", () => {
    expect(latencyUs(0, 100, 100)).toBeNull();
    expect(latencyUs(REQUEST_FLAG.conflict | REQUEST_FLAG.truncated, 100, 1_000_100)).toBeNull();
    expect(latencyUs(REQUEST_FLAG.oneTimestamp, 100, 100)).toBeNull();
  });
});

describe("latencyUnknown", () => {
  it("says nothing of a known latency", () => {
    expect(latencyUnknown(0, COMPLETE, REQUEST_FLAG.timed)).toBeNull();
  });

  it("tells a lone RequestReceived, a GKE record and whole-second (v1beta1) stages apart", () => {
    expect(latencyUnknown(null, RECEIVED, 0)).toBe("received-only");
    expect(latencyUnknown(null, COMPLETE, REQUEST_FLAG.oneTimestamp)).toBe("one-timestamp");
    expect(latencyUnknown(null, RECEIVED | COMPLETE, 0)).toBe("whole-seconds");
    expect(latencyUnknown(null, COMPLETE, 0)).toBe("whole-seconds");
  });
});
