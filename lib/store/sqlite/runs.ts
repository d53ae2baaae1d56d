import "server-only";
import os from "node:os";
import type { RunSource } from "@/lib/store/ingest-target";
import type { IngestRun, RunSummary } from "@/lib/store/types";
import { formatMicros } from "@/lib/time/micros";
import type { Db } from "./db";

type RunRow = {
  id: number;
  source: string;
  filename: string | null;
  cluster: string;
  started_at: number;
  ended_at: number | null;
  bytes: number;
  events: number;
  added: number;
  duplicates: number;
  invalid: number;
  requests: number;
  removed: number;
  errors: string;
  status: IngestRun["status"];
  heartbeat_at: number;
  failure: string | null;
};

/** This process, as runs record their writer: its pid on this host (worker threads share both). */
export function processIdentity(): string {
  return `${process.pid}@${os.hostname()}`;
}

export function createRun(db: Db, source: RunSource, filename: string | null, cluster: string): number {
  const info = db
    .prepare("INSERT INTO runs (source, filename, cluster, started_at, heartbeat_at, process) VALUES (?, ?, ?, ?, ?, ?)")
    .run(source, filename, cluster, Date.now() * 1000, Date.now() * 1000, processIdentity());
  return Number(info.lastInsertRowid);
}

/** Writes a run's counters; `heartbeat_at` says its writer is alive, so the runs page can spot dead runs. */
function writeTotals(db: Db, summary: RunSummary, bytes: number): void {
  db.prepare(
    `UPDATE runs SET heartbeat_at = ?, bytes = ?, events = ?, added = ?, duplicates = ?, invalid = ?, requests = ?,
       errors = ? WHERE id = ?`,
  ).run(
    Date.now() * 1000,
    bytes,
    summary.events,
    summary.added,
    summary.duplicates,
    summary.invalid,
    summary.requests,
    JSON.stringify(summary.errors),
    summary.runId,
  );
}

export function finishRun(
  db: Db,
  summary: RunSummary,
  bytes: number,
  status: "done" | "failed",
  failure: string | null = null,
): void {
  db.transaction(() => {
    writeTotals(db, summary, bytes);
    db.prepare("UPDATE runs SET ended_at = ?, status = ?, failure = ? WHERE id = ?").run(Date.now() * 1000, status, failure, summary.runId);
  })();
}

/** Progress of a file run while it is being read. */
export function heartbeatRun(db: Db, summary: RunSummary, bytes: number): void {
  writeTotals(db, summary, bytes);
}

/** The running totals of a live run (tail, webhook), which stays open while Auditlens runs. */
export function updateLiveRun(db: Db, summary: RunSummary, bytes: number): void {
  writeTotals(db, summary, bytes);
}

export function touchRun(db: Db, runId: number): void {
  db.prepare("UPDATE runs SET heartbeat_at = ? WHERE id = ?").run(Date.now() * 1000, runId);
}

// A run whose writer has not reported for this long was cut short (crash, kill, closed connection).
export const STALE_RUN_US = 120 * 1_000_000;

/** SQL over `runs` (aliased `r` or not): the run is still being written. Bind now - STALE_RUN_US. */
export const ALIVE_RUN = "(ended_at IS NULL AND heartbeat_at >= ?)";

/** Whether a process of this host with this pid is running (it may be another user's). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

type RunningRow = { id: number; started_at: number; heartbeat_at: number; process: string | null };

/** Why a run still marked running no longer has a writer, or null when it may still have one. */
function endedWriter(run: RunningRow, nowUs: number, startedUs: number): string | null {
  const m = run.process ? /^(\d+)@(.*)$/.exec(run.process) : null;
  const stale = nowUs - run.heartbeat_at > STALE_RUN_US;
  const silent = `its writer${m ? ` (pid ${m[1]} on ${m[2]})` : ""} has reported nothing since ${formatMicros(run.heartbeat_at)}`;
  // Another host's process, or a run from before writers were recorded: only its silence tells.
  if (!m || m[2] !== os.hostname()) return stale ? silent : null;
  const pid = Number(m[1]);
  const ended = `the process that wrote it (pid ${pid}) ended before it finished`;
  // Our own pid: a previous process given the same one (a container's), if the run predates us.
  if (pid === process.pid) return run.started_at < startedUs ? ended : null;
  if (!pidAlive(pid)) return ended;
  // The pid is alive, but may have been reused by another program since.
  return stale ? silent : null;
}

/**
 * Marks `interrupted` the runs left `running` by processes that are gone: a server killed during an
 * upload, its tail and webhook runs. Called when the server starts; runs another live process is
 * writing (the CLI, a second server) are left alone. Returns how many were marked.
 */
export function markInterruptedRuns(db: Db, nowMs = Date.now()): number {
  const nowUs = nowMs * 1000;
  const startedUs = Math.floor((nowMs - process.uptime() * 1000) * 1000);
  const running = db.prepare<[], RunningRow>("SELECT id, started_at, heartbeat_at, process FROM runs WHERE status = 'running'").all();
  const mark = db.prepare("UPDATE runs SET status = 'interrupted', ended_at = heartbeat_at, failure = ? WHERE id = ? AND status = 'running'");
  let marked = 0;
  for (const run of running) {
    const why = endedWriter(run, nowUs, startedUs);
    if (why) marked += mark.run(why, run.id).changes;
  }
  return marked;
}

export function listRunsFrom(db: Db, limit: number): IngestRun[] {
  const rows = db.prepare<[number], RunRow>("SELECT * FROM runs ORDER BY id DESC LIMIT ?").all(limit);
  return rows.map((r) => ({
    runId: r.id,
    source: r.source,
    filename: r.filename,
    cluster: r.cluster,
    startedAt: formatMicros(r.started_at),
    endedAt: r.ended_at === null ? null : formatMicros(r.ended_at),
    bytes: r.bytes,
    events: r.events,
    added: r.added,
    duplicates: r.duplicates,
    invalid: r.invalid,
    requests: r.requests,
    removed: r.removed,
    errors: JSON.parse(r.errors) as RunSummary["errors"],
    status: r.status === "running" && Date.now() * 1000 - r.heartbeat_at > STALE_RUN_US ? "interrupted" : r.status,
    failure: r.failure,
  }));
}
