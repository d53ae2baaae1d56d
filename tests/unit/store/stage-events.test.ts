import { describe, expect, it } from "vitest";
import { decodeStageEvents, encodeStageEvents, type StoredEvent } from "@/lib/store/sqlite/stage-events";

const event = (over: Partial<StoredEvent> = {}): StoredEvent => ({
  stage: 3,
  stageUs: 1_715_342_400_012_600,
  hash: 2 ** 48 - 1,
  runId: 1,
  blockId: 123_456,
  offset: 262_000,
  length: 900,
  flags: 0,
  ...over,
});

describe("stage events as a request row keeps them", () => {
  it("read back exactly, in order: extreme values, earlier later stages, flags", () => {
    const events = [
      event({ stage: 0, stageUs: 1_715_342_400_000_100, hash: 0, offset: 0, length: 1 }),
      event({ stage: 3, stageUs: 1_715_342_400_000_050, flags: 3, hash: 0x1234_5678_9abc, runId: 70_000 }),
      event({ stage: 2, stageUs: 2 ** 52, blockId: 2 ** 40, length: 32 * 1024 * 1024 }),
      event({ stage: 1, stageUs: 0, hash: 2 ** 32, offset: 127, length: 128 }),
    ];
    expect(decodeStageEvents(encodeStageEvents(events))).toEqual(events);
  });

  it("take about 20 bytes an event for a usual request", () => {
    const received = event({ stage: 0, stageUs: 1_715_342_400_000_100 });
    const complete = event({ stage: 3, stageUs: 1_715_342_400_012_600, offset: 263_000 });
    expect(encodeStageEvents([received, complete]).length).toBeLessThanOrEqual(44);
  });

  it("are none for an empty or missing value, and a cut value is an error", () => {
    expect(decodeStageEvents(null)).toEqual([]);
    expect(decodeStageEvents(Buffer.alloc(0))).toEqual([]);
    const whole = encodeStageEvents([event()]);
    expect(() => decodeStageEvents(whole.subarray(0, whole.length - 2))).toThrow(/truncated/);
  });
});
