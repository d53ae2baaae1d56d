import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bestSplit, ceilings } from "@/bench/harness/floor/ceiling";
import { EVENT_STEP, measureEventSteps } from "@/bench/harness/floor/event-steps";
import { handOff } from "@/bench/harness/floor/hand-off";
import { requestBatches, ROW_FIELD } from "@/bench/harness/floor/row-fields";
import { measureStoreSteps, STORE_VARIANTS } from "@/bench/harness/floor/store-steps";
import { generateAuditLog } from "@/bench/generator/generate";
import { tempDir } from "../helpers/temp-dir";

/** Every step at `us`, except those given. */
function stepsAt(us: number, except: Record<string, number> = {}) {
  const names: string[] = [...Object.values(EVENT_STEP), ...STORE_VARIANTS.map((v) => v.step)];
  return names.map((step) => ({ step, usPerEvent: except[step] ?? us }));
}

function writeLog(lines: string[], terminated = true): string {
  const file = path.join(tempDir(), "audit.log");
  fs.writeFileSync(file, lines.join("\n") + (terminated ? "\n" : ""));
  return file;
}

describe("floor: the best split over the cores", () => {
  it("balances the writer's thread against the parsing one", () => {
    // p 8, w 4, h 2: f = 12 / 16; the writer takes 4 + 0.25 × 8 + 0.75 × 1, the parser 0.75 × 9.
    const split = bestSplit(8, 4, 2, 2);
    expect(split.handedOff).toBeCloseTo(0.75);
    expect(split.usPerEvent).toBeCloseTo(6.75);
  });

  it("lets the writer set the pace once it would have to hand off more than every event", () => {
    // Four cores: three parsers take all of p 8 + h/2 1 in 3 µs; the writer still takes w 10 + 1.
    expect(bestSplit(8, 10, 2, 4)).toEqual({ handedOff: 1, usPerEvent: 11 });
  });

  it("hands nothing off when that costs the writer more than parsing", () => {
    expect(bestSplit(1, 5, 4, 2)).toEqual({ handedOff: 0, usPerEvent: 6 });
  });

  it("does everything on one thread with one core", () => {
    expect(bestSplit(8, 4, 2, 1)).toEqual({ handedOff: 0, usPerEvent: 12 });
  });

  it("bounds the bare steps with the cheaper codec and hand-off", () => {
    // Parse side: read, parse, Brotli 0 (not 1), group = 4 µs; writer: a bare row, 1; hand-off: columns, 1.
    const times = stepsAt(1, { [EVENT_STEP.brotli1]: 10, [EVENT_STEP.handOffClone]: 10, [STORE_VARIANTS[3]!.step]: 50 });
    const { bare } = ceilings(times, 2);
    // f = 5 / 8; the writer takes 1 + 0.375 × 4 + 0.625 × 0.5 = 2.8125 µs, as do the parser's 0.625 × 4.5.
    expect(bare.handedOff).toBeCloseTo(0.625);
    expect(bare.eventsPerSec).toBeCloseTo(1e6 / 2.8125);
    expect(bare.writerSteps).toEqual([STORE_VARIANTS[0]!.step]);
  });

  it("bounds what the store keeps with its own codec and fullest variant, and the writer alone", () => {
    const { asStored } = ceilings(stepsAt(1, { [EVENT_STEP.brotli3]: 50, [STORE_VARIANTS[3]!.step]: 50 }), 2);
    // Parse side: read, parse, hash, Brotli 3, group = 54; writer 50; hand-off 1: f = 104 / 108.
    expect(asStored.usPerEvent).toBeCloseTo((104 / 108) * 54.5);
    // However many cores parse, the writer still takes its 50 µs and half the hand-off.
    expect(asStored.writerAloneEventsPerSec).toBeCloseTo(1e6 / 50.5);
  });

  it("refuses a step that was not measured", () => {
    expect(() => ceilings(stepsAt(1).filter((s) => s.step !== EVENT_STEP.parse), 2)).toThrow(/JSON.parse/);
  });
});

describe("floor: the steps on a generated log", () => {
  const lines = [...generateAuditLog({ requests: 600, seed: 3, bodies: true })];
  const auditIDs = new Set(lines.map((l) => (JSON.parse(l) as { auditID: string }).auditID));
  const byteLength = (some: string[]) => some.reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0);

  it("reads every event up to the limit, counting their bytes, with or without a last newline", () => {
    const all = measureEventSteps(writeLog(lines), 1_000_000);
    expect(all).toMatchObject({ events: lines.length, bytes: byteLength(lines) });
    expect(all.steps.map((s) => s.step)).toEqual(Object.values(EVENT_STEP));
    expect(all.compressedShare.q3).toBeGreaterThan(0);
    expect(all.compressedShare.q3).toBeLessThan(all.compressedShare.q1);

    expect(measureEventSteps(writeLog(lines), 100)).toMatchObject({ events: 100, bytes: byteLength(lines.slice(0, 100)) });
    expect(measureEventSteps(writeLog(lines, false), 1_000_000)).toMatchObject({ events: lines.length, bytes: byteLength(lines) - 1 });
  });

  it("skips what is not an audit event, and reads CRLF lines and events without a received time", () => {
    const [first, second, third] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const { requestReceivedTimestamp: _dropped, ...unreceived } = third!;
    const odd = [JSON.stringify(first), "not json", "   ", JSON.stringify({ ...second, auditID: 7 }), JSON.stringify(unreceived)];
    const file = path.join(tempDir(), "odd.log");
    fs.writeFileSync(file, odd.join("\r\n") + "\r\n\n");
    expect(measureEventSteps(file, 1_000_000)).toMatchObject({ events: 5, skipped: 3, bytes: fs.statSync(file).size });
    const rows = [...requestBatches(file, 1_000_000)].flat();
    expect(rows.map((r) => r[ROW_FIELD.auditID])).toEqual([first!.auditID, third!.auditID]);
    expect(rows[1]![ROW_FIELD.receivedMs]).toBe(rows[1]![ROW_FIELD.stageMs]);
    expect(measureStoreSteps(file, 1_000_000, 5, tempDir()).facts[3]).toMatchObject({ requests: 2, rollupTotal: 2 });
  });

  it("hands rows over unchanged", () => {
    const rows = [...requestBatches(writeLog(lines), 1_000_000)].flat();
    expect(handOff(rows)).toEqual(rows);
    expect(rows.some((r) => r[ROW_FIELD.code] === null)).toBe(true);
  });

  it("stores each request once in every variant, each with what its label says", () => {
    const file = writeLog(lines);
    const { steps, facts } = measureStoreSteps(file, 1_000_000, lines.length, tempDir());
    expect(steps.map((s) => s.step)).toEqual(STORE_VARIANTS.map((v) => v.step));
    const n = auditIDs.size;
    expect(facts.map((f) => f.requests)).toEqual([n, n, n, n]);
    expect(facts[0]!.indexes).toBe(0);
    expect(facts[1]!.indexes).toBeGreaterThan(0);
    expect(facts[1]!.freeTextBytes).toBe(facts[0]!.freeTextBytes);
    expect(facts[2]!.freeTextBytes).toBeGreaterThan(facts[0]!.freeTextBytes + 10_000);
    expect(facts[3]!.freeTextBytes).toBe(facts[2]!.freeTextBytes);
    expect(facts.map((f) => f.rollupTotal)).toEqual([0, 0, 0, n]);
  });
});
