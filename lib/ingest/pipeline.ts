import "server-only";
import type { RunSummary } from "@/lib/query/types";
import type { Db } from "@/lib/store/db";
import { countRunRequests, createRun, finishRun, heartbeatRun, type RunSource } from "@/lib/store/runs";
import { BatchWriter } from "@/lib/store/writer";
import { normalizeEvent, type NormalizedEvent } from "./normalize";
import { parseAuditStream } from "./parse";

export const MAX_REPORTED_ERRORS = 20;
const BATCH_EVENTS = 5000;

export type IngestOptions = {
  cluster: string;
  source: RunSource;
  filename?: string | null;
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
 * The one ingest pipeline every source uses: bytes → parsed events → normalized rows → store, in
 * batches of one transaction each. Bad records are counted and reported, never fatal; only a broken
 * stream ends a run early, and everything committed before that stays.
 */
export async function ingestStream(db: Db, input: AsyncIterable<Uint8Array>, opts: IngestOptions): Promise<RunSummary> {
  const runId = createRun(db, opts.source, opts.filename ?? null, opts.cluster);
  const writer = new BatchWriter(db, opts.cluster, runId);
  const counter = { bytes: 0 };
  const summary: RunSummary = { runId, events: 0, added: 0, duplicates: 0, invalid: 0, requests: 0, errors: [] };
  const problem = (line: number, reason: string) => {
    summary.invalid++;
    if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push({ line, reason });
  };
  let batch: NormalizedEvent[] = [];
  const flush = () => {
    const result = writer.write(batch);
    summary.added += result.added;
    summary.duplicates += result.duplicates;
    batch = [];
    heartbeatRun(db, runId, counter.bytes, summary.events, summary.added);
    opts.onProgress?.(counter.bytes, summary);
  };

  try {
    for await (const items of parseAuditStream(countingBytes(input, counter))) {
      for (const item of items) {
        if (item.kind === "invalid") {
          problem(item.line, item.reason);
          continue;
        }
        const normalized = normalizeEvent(item.event, item.raw);
        if (typeof normalized === "string") {
          problem(item.line, normalized);
          continue;
        }
        summary.events++;
        batch.push(normalized);
      }
      if (batch.length >= BATCH_EVENTS) flush();
    }
    flush();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    summary.requests = countRunRequests(db, runId);
    finishRun(db, summary, counter.bytes, "failed", message);
    throw new IngestError(message, summary);
  }
  summary.requests = countRunRequests(db, runId);
  finishRun(db, summary, counter.bytes, "done");
  return summary;
}
