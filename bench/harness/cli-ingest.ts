import path from "node:path";
import { ROOT } from "./paths";
import type { MemoryPeak } from "./process-memory";
import { describeFailure, runTimed } from "./spawn";

export type IngestCounts = { events: number; added: number; duplicates: number; invalid: number; requests: number };

export type IngestMeasurement = {
  counts: IngestCounts;
  /** File to queryable: from spawning the command to its exit, store committed and closed. */
  seconds: number;
  memory: MemoryPeak | null;
};

const SUMMARY = /events (\d+)\s+added (\d+)\s+duplicates (\d+)\s+invalid (\d+)\s+requests (\d+)/;

/** The counts line of `auditlens ingest`'s run summary (lib/cli/report.ts). */
export function parseIngestSummary(stdout: string): IngestCounts | null {
  const m = SUMMARY.exec(stdout);
  if (!m) return null;
  const [events, added, duplicates, invalid, requests] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { events, added, duplicates, invalid, requests };
}

/** `auditlens ingest` as a user runs it, launcher process included, into a fresh store. */
export async function ingestWithCli(file: string, store: string): Promise<IngestMeasurement> {
  const done = await runTimed(process.execPath, [path.join(ROOT, "scripts", "auditlens.mjs"), "ingest", "--db", store, "--cluster", "bench", file], {
    cwd: ROOT,
    sampleMemory: true,
  });
  if (done.code !== 0) throw describeFailure("auditlens ingest", done);
  const counts = parseIngestSummary(done.stdout);
  if (!counts) throw new Error(`auditlens ingest printed no run summary:\n${done.stdout}`);
  return { counts, seconds: done.seconds, memory: done.memory };
}
