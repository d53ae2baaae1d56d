import "server-only";
import type { RunSummary } from "@/lib/query/types";
import type { Db } from "@/lib/store/db";
import { createRun, finishRun, heartbeatRun, type RunSource } from "@/lib/store/runs";
import { EventSink } from "./event-sink";
import { parseAuditStream } from "./parse";

export { MAX_REPORTED_ERRORS } from "./event-sink";

export type IngestOptions = {
  cluster: string;
  source: RunSource;
  filename?: string | null;
  /** Events per transaction (default BATCH_EVENTS). */
  batchEvents?: number;
  /** Called after each stored batch with the bytes read so far and the running summary. */
  onProgress?: (bytes: number, summary: RunSummary) => void;
};

/** The input ended abnormally (corrupt gzip, aborted upload); whole batches stored before it are kept. */
export class IngestError extends Error {
  constructor(
    message: string,
    readonly summary: RunSummary,
  ) {
    super(message);
  }
}

async function* countingBytes(source: AsyncIterable<Uint8Array>, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    counter.bytes += chunk.length;
    yield chunk;
  }
}

/**
 * The one ingest pipeline for a whole input: bytes → parsed events → normalized rows → store, in
 * batches of one transaction each. Bad records are counted and reported, never fatal; only a broken
 * stream ends a run early, and everything committed before that stays.
 */
export async function ingestStream(db: Db, input: AsyncIterable<Uint8Array>, opts: IngestOptions): Promise<RunSummary> {
  const runId = createRun(db, opts.source, opts.filename ?? null, opts.cluster);
  const sink = new EventSink(db, opts.cluster, runId, opts.batchEvents);
  const summary = sink.summary;
  const counter = { bytes: 0 };
  const progress = () => {
    heartbeatRun(db, summary, counter.bytes);
    opts.onProgress?.(counter.bytes, summary);
  };

  try {
    for await (const items of parseAuditStream(countingBytes(input, counter))) {
      if (sink.push(items)) progress();
    }
    sink.flush();
    progress();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    summary.requests = sink.takeRequests();
    finishRun(db, summary, counter.bytes, "failed", message);
    throw new IngestError(message, summary);
  }
  summary.requests = sink.takeRequests();
  finishRun(db, summary, counter.bytes, "done");
  return summary;
}
