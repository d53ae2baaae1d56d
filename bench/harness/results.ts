import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { QueryPicks, QueryTiming } from "./query-suite";
import { RESULTS_DIR } from "./paths";
import type { Targets, Verdict } from "./targets";

/** MB here and everywhere in the report is 10^6 bytes. */
export const MB = 1e6;

export type IngestFigures = {
  seconds: number;
  events: number;
  requests: number;
  eventsPerSec: number | null;
  mbPerSec: number | null;
  /** Whole process tree, at its largest sample. */
  peakRssMb: number | null;
  /** Largest single process's own high-water mark. */
  peakProcessRssMb: number | null;
};

export type StoreFigures = {
  bytes: number;
  storeRatio: number;
  bytesPerRequest: number;
  breakdown: { name: string; bytes: number }[] | null;
};

/** The file bench/results/latest.json holds; the first keys of each section are the contract. */
export type BenchResult = {
  ingest: IngestFigures & {
    storeRatio: number;
    store: StoreFigures;
    http: (IngestFigures & { ratioToCli: number | null }) | null;
    httpSkipped: string | null;
    noBodies: (IngestFigures & { store: StoreFigures; fileBytes: number }) | null;
  };
  dashboard: {
    p50Ms: number;
    p95Ms: number;
    queries: Record<string, Omit<QueryTiming, "id">>;
    picks: QueryPicks;
    page1000VsPage1: number | null;
    http: Record<string, Omit<QueryTiming, "id">> | null;
  };
  /** The first page of the busiest object's history (dashboard.queries.objectHistory, under its target's name). */
  history: { p50Ms: number; p95Ms: number } | null;
  jq: {
    secondsPerQuestion: number | null;
    ratio10: number | null;
    auditlensSeconds10: number | null;
    jqSeconds10: number | null;
    /** One jq pass over CLI ingest time: the "≥ 2× one jq pass" target. */
    passVsIngest: number | null;
    skipped: string | null;
  };
  targets: { figure: string; measured: number | null; target: Targets[keyof Targets]; ok: Verdict }[];
  file: { name: string; bytes: number; events: number; requests: number; size: number; sizeLabel: string; seed: number };
  machine: {
    cores: number;
    memoryGiB: number;
    cpuModel: string;
    node: string;
    platform: string;
    /** 1-minute load average when the run started: other work on the machine skews every figure. */
    loadAverage: number;
  };
  runs: number;
  startedAt: string;
  finishedAt: string;
};

export function machine(): BenchResult["machine"] {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

/** latest.json for tools to read, and a dated copy per size to compare runs over time. */
export function writeResults(result: BenchResult): string[] {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(result, null, 2)}\n`;
  const stamp = result.startedAt.replace(/[:.]/g, "-");
  const files = [path.join(RESULTS_DIR, "latest.json"), path.join(RESULTS_DIR, `${result.file.sizeLabel}-${stamp}.json`)];
  for (const f of files) {
    // Written whole then renamed: a reader never sees half a file.
    fs.writeFileSync(`${f}.tmp`, text);
    fs.renameSync(`${f}.tmp`, f);
  }
  return files;
}
