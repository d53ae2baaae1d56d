import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ceilings } from "@/bench/harness/floor/ceiling";
import { measureParseSteps, PARSE_STEP, ROW_FIELD } from "@/bench/harness/floor/parse-steps";
import { measureStoreSteps, STORE_VARIANTS } from "@/bench/harness/floor/store-steps";
import { generateAuditLog } from "@/bench/generator/generate";
import { tempDir } from "../helpers/temp-dir";


/** Every step at `us`, except those given. */
function stepsAt(us: number, except: Record<string, number> = {}) {
  const names = [...Object.values(PARSE_STEP), ...STORE_VARIANTS.map((v) => v.step)];
  return names.map((step) => ({ step, usPerEvent: except[step] ?? us }));
}

describe("floor ceilings", () => {
  it("bounds the bare work by sharing it over the cores when the hand-off is worth it", () => {
    // Bare: read, parse, Brotli 1, pick, row = 5 µs; shared over 2 cores with the 1 µs hand-off: 2 / 6 µs.
    const { bare } = ceilings(stepsAt(1), 2);
    expect(bare.usPerEvent).toBe(6);
    expect(bare.eventsPerSec).toBeCloseTo(2e6 / 6);
    expect(bare.steps).toContain(PARSE_STEP.handOff);
  });

  it("keeps the bare work on one core when handing it off costs more than a second core gains", () => {
    const { bare } = ceilings(stepsAt(1, { [PARSE_STEP.handOff]: 6 }), 2);
    expect(bare.eventsPerSec).toBeCloseTo(1e6 / 5);
    expect(bare.steps).not.toContain(PARSE_STEP.handOff);
  });

  it("counts what the store keeps with the last, fullest store variant and the store's codec", () => {
    const { asStored } = ceilings(stepsAt(1, { [PARSE_STEP.brotli1]: 100, [STORE_VARIANTS[0]!.step]: 100 }), 2);
    // read, parse, hash, Brotli 3, pick, hand-off, group, full row: 8 steps of 1 µs.
    expect(asStored.usPerEvent).toBe(8);
    expect(asStored.eventsPerSec).toBeCloseTo(2e6 / 8);
  });

  it("refuses a step that was not measured", () => {
    expect(() => ceilings(stepsAt(1).filter((s) => s.step !== PARSE_STEP.parse), 2)).toThrow(/JSON.parse/);
  });
});

describe("floor steps on a generated log", () => {
  it("reads every event up to the limit, one row per request, and stores each row in every variant", () => {
    const lines = [...generateAuditLog({ requests: 600, seed: 3, bodies: true })];
    const file = path.join(tempDir(), "audit.log");
    fs.writeFileSync(file, `${lines.join("\n")}\n`);
    const auditIDs = new Set(lines.map((l) => (JSON.parse(l) as { auditID: string }).auditID));

    const all = measureParseSteps(file, 1_000_000);
    expect(all.events).toBe(lines.length);
    expect(all.bytes).toBe(fs.statSync(file).size);
    expect(all.rows.map((r) => r[ROW_FIELD.auditID]).sort()).toEqual([...auditIDs].sort());
    expect(all.steps.map((s) => s.step)).toEqual(Object.values(PARSE_STEP));
    expect(all.compressedShare.q3).toBeGreaterThan(0);
    expect(all.compressedShare.q3).toBeLessThan(all.compressedShare.q1);

    const some = measureParseSteps(file, 100);
    expect(some.events).toBe(100);

    const unterminated = path.join(tempDir(), "audit.log");
    fs.writeFileSync(unterminated, lines.join("\n"));
    expect(measureParseSteps(unterminated, 1_000_000).events).toBe(lines.length);

    const stored = measureStoreSteps(all.rows, all.events, tempDir());
    expect(stored.steps.map((s) => s.step)).toEqual(STORE_VARIANTS.map((v) => v.step));
    expect(stored.storedRows).toEqual(STORE_VARIANTS.map(() => auditIDs.size));
  });
});
