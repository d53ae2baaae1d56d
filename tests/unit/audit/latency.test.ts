import { describe, expect, it } from "vitest";
import { latencyUs } from "@/lib/audit/latency";
import { REQUEST_FLAG } from "@/lib/audit/request-flags";
import { stageBit } from "@/lib/audit/stages";

const RECEIVED = stageBit("RequestReceived");
const STARTED = stageBit("ResponseStarted");
const COMPLETE = stageBit("ResponseComplete");

describe("latencyUs", () => {
  it("is the latest stage's time less the receipt time once RequestReceived and a later stage were seen", () => {
    expect(latencyUs(RECEIVED | COMPLETE, 0, 100, 350)).toBe(250);
    expect(latencyUs(RECEIVED | STARTED, 0, 100, 180)).toBe(80);
  });

  it("is known from a later stage alone when it carried both timestamps", () => {
    expect(latencyUs(COMPLETE, REQUEST_FLAG.timed, 100, 350)).toBe(250);
  });

  it("is unknown for RequestReceived alone, and for later stages without both timestamps", () => {
    expect(latencyUs(RECEIVED, 0, 100, 100)).toBeNull();
    expect(latencyUs(RECEIVED, REQUEST_FLAG.conflict | REQUEST_FLAG.truncated, 100, 100)).toBeNull();
    expect(latencyUs(COMPLETE, 0, 100, 350)).toBeNull();
    expect(latencyUs(STARTED | COMPLETE, REQUEST_FLAG.future, 100, 350)).toBeNull();
  });
});
