import { describe, expect, it } from "vitest";
import type { Stage } from "@/lib/audit/event";
import { latencyUs } from "@/lib/audit/latency";
import { mergeEvent, unassembled, type MergedRequest, type StageFacts } from "@/lib/audit/request-assembly";
import { datedFlags, EVENT_FLAG, eventFlags, flagsKeptOnReassembly, FUTURE_SLACK_US, REQUEST_FLAG } from "@/lib/audit/request-flags";
import { stageRank, stagesFromBits } from "@/lib/audit/stages";

/** A stage event with the values a request shows: its code and level. */
type Ev = StageFacts & { code: number | null; level: string };

const T0 = 1_715_342_400_000_000;

function ev(stage: Stage, over: Partial<Ev> = {}): Ev {
  return { stage, stageRank: stageRank(stage), receivedUs: T0, stageUs: T0 + 12_500, timed: true, code: null, level: "Metadata", ...over };
}

/** The request the events assemble into, each event with its flags. */
function assemble(events: [Ev, number?][], start: MergedRequest<Ev> = unassembled<Ev>()): MergedRequest<Ev> {
  for (const [e, flags] of events) mergeEvent(start, e, flags ?? 0);
  return start;
}

const latencyOf = (r: MergedRequest<Ev>) => latencyUs(r.flags, r.ts, r.endTs);

describe("assembling a request from its stage events", () => {
  it("shows the most complete stage's values whatever order the stages arrived in", () => {
    const received = ev("RequestReceived", { stageUs: T0 });
    const complete = ev("ResponseComplete", { code: 201, level: "RequestResponse" });
    for (const order of [[received, complete], [complete, received]]) {
      const r = assemble(order.map((e) => [e]));
      expect(r.best).toBe(complete);
      expect(r.bestStage).toBe(stageRank("ResponseComplete"));
      expect(stagesFromBits(r.stages)).toEqual(["RequestReceived", "ResponseComplete"]);
      expect(r.eventCount).toBe(2);
      expect([r.ts, r.endTs]).toEqual([T0, T0 + 12_500]);
    }
  });

  it("lets Panic, the last stage, win over ResponseComplete, and the later of two events at one stage", () => {
    const panic = ev("Panic", { code: 500 });
    expect(assemble([[panic], [ev("ResponseComplete", { code: 200 })]]).best).toBe(panic);
    const second = ev("ResponseComplete", { code: 403 });
    expect(assemble([[ev("ResponseComplete", { code: 200 })], [second, EVENT_FLAG.conflict]]).best).toBe(second);
  });

  it("dates the request by its earliest receipt and ends it at its latest stage", () => {
    const r = assemble([
      [ev("ResponseStarted", { receivedUs: T0 + 5, stageUs: T0 + 300 })],
      [ev("RequestReceived", { receivedUs: T0, stageUs: T0 })],
      [ev("ResponseComplete", { receivedUs: T0 + 5, stageUs: T0 + 200 })],
    ]);
    expect([r.ts, r.endTs]).toEqual([T0, T0 + 300]);
  });

  it("turns event flags into request flags, and keeps them once set", () => {
    const r = assemble([
      [ev("RequestReceived"), eventFlags(false, true)],
      [ev("ResponseComplete"), eventFlags(false, false)],
      [ev("ResponseComplete", { code: 500 }), eventFlags(true, false)],
    ]);
    expect(r.flags & REQUEST_FLAG.truncated).not.toBe(0);
    expect(r.flags & REQUEST_FLAG.conflict).not.toBe(0);
  });

  it("counts a request as timed only when a stage after RequestReceived carried both timestamps", () => {
    expect(assemble([[ev("RequestReceived")]]).flags & REQUEST_FLAG.timed).toBe(0);
    expect(assemble([[ev("ResponseComplete", { timed: false })]]).flags & REQUEST_FLAG.timed).toBe(0);
    expect(assemble([[ev("ResponseComplete")]]).flags & REQUEST_FLAG.timed).toBe(REQUEST_FLAG.timed);
  });

  it("starts a re-assembly with the flags it is given", () => {
    const r = unassembled<Ev>(REQUEST_FLAG.future);
    expect(r).toMatchObject({ stages: 0, bestStage: -1, eventCount: 0, flags: REQUEST_FLAG.future, best: null });
    expect(assemble([[ev("ResponseComplete")]], r).flags & REQUEST_FLAG.future).toBe(REQUEST_FLAG.future);
  });
});

describe("event and request flags", () => {
  it("flags an event by conflict and truncation", () => {
    expect(eventFlags(false, false)).toBe(0);
    expect(eventFlags(true, false)).toBe(EVENT_FLAG.conflict);
    expect(eventFlags(false, true)).toBe(EVENT_FLAG.truncated);
    expect(eventFlags(true, true)).toBe(EVENT_FLAG.conflict | EVENT_FLAG.truncated);
  });

  it("marks a request dated more than a day after it was stored as from the future, and never unmarks it", () => {
    const now = T0;
    expect(datedFlags(0, now + FUTURE_SLACK_US, now)).toBe(0);
    expect(datedFlags(REQUEST_FLAG.conflict, now + FUTURE_SLACK_US + 1, now)).toBe(REQUEST_FLAG.conflict | REQUEST_FLAG.future);
    expect(datedFlags(REQUEST_FLAG.future, now - 1, now)).toBe(REQUEST_FLAG.future);
  });

  it("keeps only how the request was dated when it is re-assembled from some of its events", () => {
    const all = REQUEST_FLAG.conflict | REQUEST_FLAG.truncated | REQUEST_FLAG.timed | REQUEST_FLAG.future | REQUEST_FLAG.oneTimestamp;
    expect(flagsKeptOnReassembly(all)).toBe(REQUEST_FLAG.future);
    expect(flagsKeptOnReassembly(all & ~REQUEST_FLAG.future)).toBe(0);
  });
});

describe("an assembled request's latency", () => {
  it("is the latest stage's time less the receipt time when a later stage carried both timestamps", () => {
    expect(latencyOf(assemble([[ev("ResponseComplete")]]))).toBe(12_500);
  });

  it("is unknown from RequestReceived and a later stage when neither carried both timestamps (v1beta1: whole seconds)", () => {
    const r = assemble([
      [ev("RequestReceived", { stageUs: T0, timed: false })],
      [ev("ResponseComplete", { receivedUs: T0 + 1_000_000, stageUs: T0 + 1_000_000, timed: false })],
    ]);
    expect(latencyOf(r)).toBeNull();
  });

  it("is unknown for an event converted from a GKE record, and the request says why", () => {
    const r = assemble([[ev("ResponseComplete", { stageUs: T0, timed: false, oneTimestamp: true })]]);
    expect(latencyOf(r)).toBeNull();
    expect(r.flags & REQUEST_FLAG.oneTimestamp).toBe(REQUEST_FLAG.oneTimestamp);
  });

  it("is unknown for a lone RequestReceived and for a lone untimed (v1beta1) event", () => {
    expect(latencyOf(assemble([[ev("RequestReceived", { stageUs: T0 })]]))).toBeNull();
    expect(latencyOf(assemble([[ev("ResponseComplete", { stageUs: T0, timed: false })]]))).toBeNull();
  });
});
