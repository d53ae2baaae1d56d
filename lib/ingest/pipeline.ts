import "server-only";
import fs from "node:fs";
import type { RunSummary } from "@/lib/store/types";
import type { IngestTarget, RunSource } from "@/lib/store/ingest-target";
import { EventSink } from "./event-sink";
import type { Redaction } from "./normalize";
import { normalizeItems, type NormalizedBatch } from "./normalized-batch";
import { parseAuditStream } from "./parse";
import { parseInWorker, ParserUnavailable } from "./worker/parse-in-worker";
import type { WorkerBatch } from "./worker/parsed-batches";
import { FILE_READ_BYTES } from "./worker/protocol";

export { MAX_REPORTED_ERRORS } from "./event-sink";

export type IngestOptions = {
  cluster: string;
  source: RunSource;
  filename?: string | null;
  /**
   * The input's size when known (file size, Content-Length). Inputs of WORKER_MIN_BYTES or more are
   * parsed on a worker thread while this one writes; starting one costs more than a small file takes.
   */
  expectedBytes?: number | null;
  /**
   * Whether a record naming its own cluster (GKE's cluster_name) is stored there when the run's cluster
   * is the default (default true). False for an uploader scoped to some clusters: a forged record must
   * not write into a cluster outside their scopes.
   */
  recordClusters?: boolean;
  /** Events per transaction (default BATCH_EVENTS). */
  batchEvents?: number;
  /** Called after each stored batch with the bytes read so far and the running summary. */
  onProgress?: (bytes: number, summary: RunSummary) => void;
};

/** The input ended abnormally (corrupt gzip, aborted upload); every event read before the break is stored. */
export class IngestError extends Error {
  constructor(
    message: string,
    readonly summary: RunSummary,
  ) {
    super(message);
  }
}

/**
 * The bytes to ingest: a stream, or a file by path, which a parse worker can read by itself; or the
 * batches a parse worker started elsewhere posts to this thread (an upload's writer thread).
 */
export type IngestInput = AsyncIterable<Uint8Array> | { file: string } | { parsed: AsyncIterable<WorkerBatch> };

/** Input bytes read so far, for progress reports and the run's record. */
type ByteCounter = { bytes: number };

async function* countingBytes(source: AsyncIterable<Uint8Array>, counter: ByteCounter): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    counter.bytes += chunk.length;
    yield chunk;
  }
}

export const WORKER_MIN_BYTES = 8 << 20;

function streamOf(input: AsyncIterable<Uint8Array> | { file: string }): AsyncIterable<Uint8Array> {
  return "file" in input ? fs.createReadStream(input.file, { highWaterMark: FILE_READ_BYTES }) : input;
}

async function* parsedHere(input: AsyncIterable<Uint8Array> | { file: string }, counter: ByteCounter, redaction: Redaction): AsyncGenerator<NormalizedBatch> {
  for await (const items of parseAuditStream(countingBytes(streamOf(input), counter))) yield normalizeItems(items, redaction);
}

/** Normalized batches of the input: from the parse worker, or from this thread where none can start. */
async function* parsed(input: IngestInput, inWorker: boolean, counter: ByteCounter, redaction: Redaction): AsyncGenerator<NormalizedBatch> {
  if ("parsed" in input) {
    for await (const batch of input.parsed) {
      counter.bytes = batch.consumedBytes;
      yield batch;
    }
    return;
  }
  if (!inWorker) return yield* parsedHere(input, counter, redaction);
  try {
    const fed = "file" in input ? input : countingBytes(input, counter);
    for await (const batch of parseInWorker(fed, redaction)) {
      if ("file" in input) counter.bytes = batch.consumedBytes;
      yield batch;
    }
  } catch (err) {
    // Thrown before any input was read, so the same input can still be parsed here.
    if (!(err instanceof ParserUnavailable)) throw err;
    process.emitWarning(`${err.message}; parsing on this thread`);
    yield* parsedHere(input, counter, redaction);
  }
}

function keepWhatWasRead(sink: EventSink): void {
  try {
    sink.flush();
  } catch {
    // The store itself failed (disk full, say): the original error is the one to report.
  }
}

/**
 * The one ingest pipeline for a whole input: bytes → parsed events → normalized rows → store, in
 * batches of one transaction each. Bad records are counted and reported, never fatal; only a broken
 * stream ends a run early, and every event read before the break is stored.
 */
export async function ingestStream(target: IngestTarget, input: IngestInput, opts: IngestOptions): Promise<RunSummary> {
  // Before the run is recorded: a bad AUDITLENS_REDACT stops the ingest, it never stores unredacted.
  const redaction = target.redaction();
  const runId = target.openRun(opts.source, opts.filename ?? null, opts.cluster);
  const sink = new EventSink(target, opts.cluster, runId, opts.batchEvents, opts.recordClusters ?? true);
  const summary = sink.summary;
  const counter: ByteCounter = { bytes: 0 };
  const progress = () => {
    target.recordProgress(summary, counter.bytes);
    opts.onProgress?.(counter.bytes, summary);
  };

  try {
    const inWorker = (opts.expectedBytes ?? 0) >= WORKER_MIN_BYTES;
    for await (const batch of parsed(input, inWorker, counter, redaction)) {
      if (sink.pushNormalized(batch)) progress();
    }
    sink.flush();
    progress();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Everything read before the break is kept, not only whole batches: a truncated .gz is mostly good.
    keepWhatWasRead(sink);
    summary.requests = sink.takeRequests();
    target.finishRun(summary, counter.bytes, "failed", message);
    throw new IngestError(message, summary);
  }
  summary.requests = sink.takeRequests();
  target.finishRun(summary, counter.bytes, "done");
  return summary;
}
