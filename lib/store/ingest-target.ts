import type { Severity } from "@/lib/findings/rule";
import type { NormalizedEvent, Redaction } from "@/lib/ingest/normalize";
import type { RunSummary } from "./types";

/**
 * The write side of a store, as lib/ingest sees it: every source (upload, CLI, tail, webhook) records
 * a run, writes its events through it in batches and keeps its totals current. A backend implements it
 * in its own folder (lib/store/sqlite/ingest-target.ts); nothing here names a driver or a dialect.
 */

export type RunSource = "upload" | "cli" | "tail" | "webhook";

/**
 * Where a store is, as plain data: what a thread that has no connection of its own (an upload's writer)
 * is sent to open one (openIngestTarget in index-ingest.ts).
 */
export type StoreAddress = { backend: "sqlite"; file: string };

/** What one batch did: events new to the store, and events it already held (dedup). */
export type BatchResult = { added: number; duplicates: number };

/** A hit the store did not hold before: a rule found a request (a live source notifies the high and critical ones). */
export type NewFinding = { ruleId: string; severity: Severity; requestId: number; tsUs: number; key: string | null };

/** Writes one run's batches; a batch is one call, one transaction where the backend has them. */
export interface RunWriter {
  /**
   * Stores the events and merges them into their requests. Raw texts come as strings or as places in
   * blocks a parse worker packed (raw-blocks.ts); a block shared by several batches is stored once.
   */
  write(events: NormalizedEvent[]): BatchResult;
  /** Distinct requests the batches written since the last call touched. */
  takeTouched(): number;
  /**
   * Hits the batches committed since the last call added (each once; a hit a batch only kept is not
   * new), oldest batch first. Bounded: a writer nobody asks (an upload) keeps only the newest ones.
   */
  takeNewFindings(): NewFinding[];
}

/** Where a followed file was read up to, so that a restart resumes on the same line boundary. */
export type TailPosition = { path: string; dev: number; ino: number; head: string; offset: number };

export interface IngestTarget {
  readonly address: StoreAddress;
  /**
   * How events are redacted before they are stored, under this store's salt. Throws on a bad
   * AUDITLENS_REDACT, before anything is written: a typo must never store credentials.
   */
  redaction(): Redaction;

  /** Records a new run, running, and returns its id. */
  openRun(source: RunSource, filename: string | null, cluster: string): number;
  writer(cluster: string, runId: number): RunWriter;
  /** The run's totals so far; also says its writer is alive. */
  recordProgress(summary: RunSummary, bytes: number): void;
  /** Says an idle live run's writer is still alive, so it is not taken for interrupted. */
  keepAlive(runId: number): void;
  finishRun(summary: RunSummary, bytes: number, status: "done" | "failed", failure?: string | null): void;
  /** Marks interrupted the runs left running by processes that are gone; returns how many. */
  markInterruptedRuns(): number;

  tailPosition(path: string): TailPosition | null;
  saveTailPosition(position: TailPosition): void;
}

/** A target opened for one thread or one job, which closes it when done. */
export interface OwnIngestTarget extends IngestTarget {
  close(): void;
}
