import "server-only";
import { MessageChannel, Worker } from "node:worker_threads";
import { log } from "@/lib/log/logger.mjs";
import type { RunSummary } from "@/lib/store/types";
import { ingestTarget, openIngestTarget } from "@/lib/store/index-ingest";
import type { StoreAddress } from "@/lib/store/ingest-target";
import type { Redaction } from "../normalize";
import { IngestError, ingestStream, WORKER_MIN_BYTES } from "../pipeline";
import { tsWorker, whenReady } from "./boot";
import { ParserFeeder } from "./feeder";
import type { FromWriter, IngestJob, ToWriter } from "./ingest-protocol";
import { UPLOAD_WRITER_LIMITS } from "./limits";
import { admitUpload, endWhenIdle, UploadIdle, uploadLimits, type UploadLimits } from "../upload-limits";
import { ParserUnavailable, startParseWorker } from "./parse-in-worker";
import { FILE_IN_FLIGHT_BYTES, PARSE_AHEAD_BYTES, type FromParser, type ToParser } from "./protocol";

/**
 * How much of an upload this thread forwards between two collections of its young garbage
 * (young-garbage.ts). At 1M requests the server then peaked at 272–273 MB instead of 301–305 (its own
 * heap of malloc'd buffers ~23 MB instead of 54); each collection takes ~2 ms of this thread, ~1.7 s in all.
 */
const COLLECT_EVERY_BYTES = 2 << 20;

/** The redaction for the store at `address`, read through a connection of its own (the writer thread opens another). */
function redactionAt(address: StoreAddress): Redaction {
  const target = openIngestTarget(address);
  try {
    return target.redaction();
  } finally {
    target.close();
  }
}

/** The writer thread could not be started here; the caller ingests on this thread instead. */
export class WriterUnavailable extends Error {}

function startWriterWorker(): Promise<Worker> {
  let worker: Worker;
  try {
    worker = process.env.NEXT_RUNTIME
      ? // Bundled by Next.js, which compiles the entry into a chunk of its own (see boot.ts on why not by the URL).
        new Worker(new URL("./ingest-worker.ts", import.meta.url), { resourceLimits: UPLOAD_WRITER_LIMITS })
      : tsWorker(import.meta.url.replace(/ingest-in-worker\.ts$/, "ingest-worker.ts"), import.meta.url, UPLOAD_WRITER_LIMITS);
  } catch (err) {
    return Promise.reject(new WriterUnavailable(`ingest worker failed to start: ${(err as Error).message}`));
  }
  return whenReady(worker, (message) => new WriterUnavailable(`ingest worker failed to start: ${message}`));
}

/**
 * Runs one ingest of `source` into `job.store` on two threads of its own, neither of them this one: a
 * parse worker that this thread feeds, and a writer with a capped heap (as the CLI's command thread)
 * that the parser posts its batches to directly. This thread, the server's, only forwards the input
 * and runs none of the transactions, so the parser is never starved of input while the writer commits,
 * and the server keeps answering pages meanwhile. Settles as ingestStream does: the summary,
 * or an IngestError carrying the summary of what was stored. Throws ParserUnavailable or
 * WriterUnavailable, having read nothing, when the threads cannot start.
 */
export async function ingestInWorkers(source: AsyncIterable<Uint8Array>, job: IngestJob): Promise<RunSummary> {
  const parser = await startParseWorker(redactionAt(job.store));
  // From now on, an error event with no listener would crash the process.
  let parserCrash: string | null = null;
  let started: Worker | null = null;
  parser.on("error", (err) => {
    parserCrash = `parse worker crashed: ${err.message}`;
    // The writer ends the run, and reports it as stopped early.
    started?.postMessage({ type: "fail", message: parserCrash } satisfies ToWriter);
  });
  let writer: Worker;
  try {
    writer = started = await startWriterWorker();
  } catch (err) {
    await parser.terminate();
    throw err;
  }
  let parsed = 0;
  let taken = 0;
  // A file reader's bounds (protocol.ts), since this thread is as free to feed the parser as that
  // reader is; counted on what the parser has posted rather than taken in, which is stricter and moves
  // on by its flush-when-dry rule.
  const feeder = new ParserFeeder(
    parser,
    (sent) => sent - parsed > PARSE_AHEAD_BYTES || sent - taken > FILE_IN_FLIGHT_BYTES,
    COLLECT_EVERY_BYTES,
  );
  const toParser = (message: ToParser, transfer?: Transferable[]) => parser.postMessage(message, transfer as never);
  const toWriter = (message: ToWriter, transfer?: Transferable[]) => writer.postMessage(message, transfer as never);

  const outcome = new Promise<RunSummary>((resolve, reject) => {
    parser.on("message", (m: FromParser) => {
      if (m.type !== "progress") return;
      parsed = m.consumedBytes;
      feeder.wake();
    });
    writer.on("message", (m: FromWriter) => {
      if (m.type === "taken") {
        taken = m.bytes;
        feeder.wake();
      } else if (m.type === "done") resolve(m.summary);
      else if (m.type === "failed") reject(new IngestError(m.message, m.summary));
      else if (m.type === "crashed") reject(new Error(m.message));
    });
    writer.on("error", (err: Error & { code?: string }) => {
      const what = err.code === "ERR_WORKER_OUT_OF_MEMORY" ? `out of memory (heap capped at ${UPLOAD_WRITER_LIMITS.maxOldGenerationSizeMb} MB)` : err.message;
      reject(new Error(`ingest worker crashed: ${what}`));
    });
    writer.on("exit", () => reject(new Error("ingest worker exited before it finished")));
  });

  const { port1, port2 } = new MessageChannel();
  toParser({ type: "output", port: port1 }, [port1]);
  toWriter({ type: "start", job, parsed: port2 }, [port2]);
  if (parserCrash) toWriter({ type: "fail", message: parserCrash });

  void feeder.feed(source);

  try {
    return await outcome;
  } finally {
    // Settled: nothing more goes to the parser, and a stalled input holds neither worker nor caller.
    feeder.stop();
    await Promise.all([parser.terminate(), writer.terminate()]);
  }
}

export type UploadOptions = Omit<IngestJob, "store"> & {
  /** Who sends it: uploads in progress are counted per owner (AUDITLENS_UPLOADS_PER_USER) and overall. */
  owner: string;
};

/** The upload sent nothing for too long and was ended; `summary` is what was stored before. */
export class UploadTimedOut extends IngestError {}

/**
 * An upload's ingest (the HTTP API): on threads of its own when it is big or of unknown size, on this
 * one when it is small (threads cost more to start than a small file takes) or when none can start.
 * Throws UploadRefused, having read nothing, when too many uploads are in progress; an upload idle for
 * AUDITLENS_UPLOAD_IDLE_SECONDS is ended with UploadTimedOut, its run failed and what came before stored.
 */
export async function ingestUpload(source: AsyncIterable<Uint8Array>, opts: UploadOptions, limits: UploadLimits = uploadLimits()): Promise<RunSummary> {
  const release = admitUpload(opts.owner, limits);
  let idle = false;
  const watched = (async function* () {
    try {
      yield* endWhenIdle(source, limits.AUDITLENS_UPLOAD_IDLE_SECONDS);
    } catch (err) {
      idle = err instanceof UploadIdle;
      throw err;
    }
  })();
  try {
    return await ingestAdmitted(watched, opts);
  } catch (err) {
    if (idle && err instanceof IngestError) throw new UploadTimedOut(err.message, err.summary);
    throw err;
  } finally {
    release();
  }
}

async function ingestAdmitted(source: AsyncIterable<Uint8Array>, { owner: _owner, ...opts }: UploadOptions): Promise<RunSummary> {
  const target = ingestTarget();
  const job = { ...opts, store: target.address };
  if (job.expectedBytes !== null && job.expectedBytes < WORKER_MIN_BYTES) return ingestStream(target, source, job);
  try {
    return await ingestInWorkers(source, job);
  } catch (err) {
    if (!(err instanceof ParserUnavailable || err instanceof WriterUnavailable)) throw err;
    log.warn(`${err.message}; ingesting on this thread`);
    // Without a parse worker either, when that was what could not start.
    return ingestStream(target, source, err instanceof ParserUnavailable ? { ...job, expectedBytes: null } : job);
  }
}
