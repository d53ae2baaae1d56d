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
import { measureEventSteps, type EventSteps } from "./event-steps";
import { measureStoreSteps, type StoredFacts } from "./store-steps";
import type { StepTime } from "./step-clock";

/** Enough lines for every step to run for seconds (~370 MB of the bench's log). */
export const FLOOR_EVENTS = 400_000;
/**
 * Each step's figure is its least over this many rounds: CPU time per step moved by up to 3× between
 * runs on a shared host, and an upper bound should rest on the cheapest measurement, not a slow moment.
 */
export const FLOOR_ROUNDS = 3;

export type FloorResult = {
  file: { name: string; events: number; skipped: number; bytes: number; requests: number };
  /** The least over the rounds, per step. */
  steps: StepTime[];
  rounds: StepTime[][];
  compressedShare: EventSteps["compressedShare"];
  stores: StoredFacts[];
  bare: Ceiling;
  asStored: Ceiling;
  targetEventsPerSec: number;
  machine: ReturnType<typeof machine>;
  startedAt: string;
};

function roundCeiling(c: Ceiling): Ceiling {
  return {
    ...c,
    handedOff: round(c.handedOff, 3),
    usPerEvent: round(c.usPerEvent, 2),
    eventsPerSec: round(c.eventsPerSec),
    writerAloneEventsPerSec: round(c.writerAloneEventsPerSec),
  };
}

/** One round: every event step, then every store variant, on the same first events of the log. */
function measureRound(file: string): { event: EventSteps; store: ReturnType<typeof measureStoreSteps> } {
  const event = measureEventSteps(file, FLOOR_EVENTS);
  const dir = path.join(DATA_DIR, "stores", `floor-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  try {
    const store = measureStoreSteps(file, FLOOR_EVENTS, event.events, dir);
    const requests = store.facts.map((f) => f.requests);
    if (requests.some((n) => n !== requests[0])) throw new Error(`floor: the store variants hold ${requests.join(", ")} requests, not one number`);
    return { event, store };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function leastPerStep(rounds: StepTime[][]): StepTime[] {
  return rounds[0]!.map(({ step }) => ({ step, usPerEvent: Math.min(...rounds.map((r) => r.find((s) => s.step === step)!.usPerEvent)) }));
}

/**
 * `npm run bench -- --floor`: times, one step at a time on one thread, the work an ingest cannot skip
 * and what this store adds, and prints the events/s those steps alone would allow on this machine's
 * cores beside the ingest target. It measures the target's reach, not Auditlens: no step here runs the
 * real pipeline.
 */
export async function runFloor(args: BenchArgs, log: (line: string) => void): Promise<number> {
  const startedAt = new Date().toISOString();
  const host = machine();
  const logFile = await ensureLog(args.size, args.seed, true);
  const measured = [];
  for (let i = 1; i <= FLOOR_ROUNDS; i++) {
    log(`floor: round ${i} of ${FLOOR_ROUNDS} on the first ${FLOOR_EVENTS.toLocaleString("en-US")} events of ${path.relative(ROOT, logFile.file)} …`);
    measured.push(measureRound(logFile.file));
  }
  const rounds = measured.map(({ event, store }) => [...event.steps, ...store.steps].map((s) => ({ step: s.step, usPerEvent: round(s.usPerEvent, 2) })));
  const steps = leastPerStep(rounds);
  const { bare, asStored } = ceilings(steps, host.cores);
  const target = targetsFor(args.size).cliEventsPerSec;
  const { event, store } = measured[0]!;
  const result: FloorResult = {
    file: { name: path.basename(logFile.file), events: event.events, skipped: event.skipped, bytes: event.bytes, requests: store.facts[0]!.requests },
    steps,
    rounds,
    compressedShare: { q0: round(event.compressedShare.q0, 4), q1: round(event.compressedShare.q1, 4), q3: round(event.compressedShare.q3, 4) },
    stores: store.facts,
    bare: roundCeiling(bare),
    asStored: roundCeiling(asStored),
    targetEventsPerSec: target.value,
    machine: host,
    startedAt,
  };

  const { file } = result;
  const rows: Row[] = [
    section(
      `Each step alone, µs of CPU an event, the least of ${FLOOR_ROUNDS} rounds (${file.events.toLocaleString("en-US")} events, ${file.requests.toLocaleString("en-US")} requests, ${(file.bytes / MB).toFixed(0)} MB)`,
    ),
    ...steps.map((s) => figure({ figure: s.step, measured: s.usPerEvent, digits: 2, unit: "µs" })),
    section("Upper bounds: those steps' events/s in the best split over the cores, with no waiting and nothing else to do"),
    ...[result.bare, result.asStored].map((c) =>
      figure({
        figure: c.what,
        measured: c.eventsPerSec,
        unit: "events/s",
        target,
        detail: `(${c.usPerEvent.toFixed(1)} µs a thread, ${Math.round(c.handedOff * 100)}% handed off)`,
      }),
    ),
    figure({
      figure: "what this store keeps, any number of cores: the writer's thread alone",
      measured: result.asStored.writerAloneEventsPerSec,
      unit: "events/s",
      target,
    }),
  ];
  process.stdout.write(`\nAuditlens floor: ${host.cores} cores (${host.cpuModel}), Node ${host.node}\n\n${formatTable(rows)}\n`);
  process.stdout.write(
    `\nBlocks: ${(["q0", "q1", "q3"] as const).map((q) => `${(result.compressedShare[q] * 100).toFixed(1)}% of the text at Brotli quality ${q.slice(1)}`).join(", ")}.${file.skipped > 0 ? ` ${file.skipped} lines were not audit events and were skipped.` : ""}\n`,
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const out = path.join(RESULTS_DIR, `floor-${args.sizeLabel}-${startedAt.replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative(ROOT, out)}\n`);
  return 0;
}
