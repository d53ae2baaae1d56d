import fs from "node:fs";
import path from "node:path";
import type { BenchArgs } from "../args";
import { ensureLog } from "../dataset";
import { DATA_DIR, RESULTS_DIR, ROOT } from "../paths";
import { round } from "../percentile";
import { machine, MB } from "../results";
import { figure, formatTable, section, type Row } from "../table";
import { targetsFor } from "../targets";
import { ceilings, type Ceiling } from "./ceiling";
import { measureParseSteps } from "./parse-steps";
import { measureStoreSteps } from "./store-steps";

/** Enough lines for every step to run for seconds, few enough to keep the rows in memory (~400 MB of log). */
export const FLOOR_EVENTS = 400_000;

export type FloorResult = {
  file: { name: string; events: number; bytes: number; requests: number };
  steps: { step: string; usPerEvent: number }[];
  compressedShare: { q1: number; q3: number };
  bare: Ceiling;
  asStored: Ceiling;
  targetEventsPerSec: number;
  machine: ReturnType<typeof machine>;
  startedAt: string;
};

/**
 * `npm run bench -- --floor`: times, one step at a time on one thread, the work an ingest cannot skip,
 * and prints the events/s those steps alone would allow on this machine's cores beside the ingest
 * target. It measures the target's reach, not Auditlens: no step here runs the real pipeline.
 */
export async function runFloor(args: BenchArgs, log: (line: string) => void): Promise<number> {
  const startedAt = new Date().toISOString();
  const host = machine();
  const logFile = await ensureLog(args.size, args.seed, true);
  log(`floor: the first ${FLOOR_EVENTS.toLocaleString("en-US")} events of ${path.relative(ROOT, logFile.file)} …`);
  const parsed = measureParseSteps(logFile.file, FLOOR_EVENTS);
  const dir = path.join(DATA_DIR, "stores", `floor-${startedAt.replace(/[:.]/g, "-")}`);
  fs.mkdirSync(dir, { recursive: true });
  let stored;
  try {
    stored = measureStoreSteps(parsed.rows, parsed.events, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (stored.storedRows.some((n) => n !== parsed.rows.length)) {
    throw new Error(`floor: stores hold ${stored.storedRows.join(", ")} rows, not ${parsed.rows.length}`);
  }
  const steps = [...parsed.steps, ...stored.steps].map((s) => ({ step: s.step, usPerEvent: round(s.usPerEvent, 2) }));
  const { bare, asStored } = ceilings(steps, host.cores);
  const target = targetsFor(args.size).cliEventsPerSec;
  const result: FloorResult = {
    file: { name: path.basename(logFile.file), events: parsed.events, bytes: parsed.bytes, requests: parsed.rows.length },
    steps,
    compressedShare: { q1: round(parsed.compressedShare.q1, 4), q3: round(parsed.compressedShare.q3, 4) },
    bare: { ...bare, usPerEvent: round(bare.usPerEvent, 2), eventsPerSec: round(bare.eventsPerSec) },
    asStored: { ...asStored, usPerEvent: round(asStored.usPerEvent, 2), eventsPerSec: round(asStored.eventsPerSec) },
    targetEventsPerSec: target.value,
    machine: host,
    startedAt,
  };

  const rows: Row[] = [
    section(`Each step alone, µs an event (${result.file.events.toLocaleString("en-US")} events, ${result.file.requests.toLocaleString("en-US")} requests, ${(parsed.bytes / MB).toFixed(0)} MB)`),
    ...steps.map((s) => figure({ figure: s.step, measured: s.usPerEvent, digits: 2, unit: "µs" })),
    section("Upper bounds: those steps' events/s with no waiting and nothing else to do"),
    ...[bare, asStored].map((c) => figure({ figure: `${c.what} (${c.usPerEvent.toFixed(1)} µs)`, measured: c.eventsPerSec, unit: "events/s", target })),
  ];
  process.stdout.write(`\nAuditlens floor: ${host.cores} cores (${host.cpuModel}), Node ${host.node}\n\n${formatTable(rows)}\n`);
  process.stdout.write(
    `\nBlocks: ${(result.compressedShare.q1 * 100).toFixed(1)}% of the text at Brotli quality 1, ${(result.compressedShare.q3 * 100).toFixed(1)}% at quality 3.\n`,
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const out = path.join(RESULTS_DIR, `floor-${args.sizeLabel}-${startedAt.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(ROOT, out)}\n`);
  return 0;
}
