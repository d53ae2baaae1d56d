import "server-only";
import { Worker } from "node:worker_threads";
import { tsWorker, whenReady } from "./boot";
import { ParserFeeder } from "./feeder";
import { ParsedBatches, type WorkerBatch } from "./parsed-batches";
import type { Redaction } from "../normalize";
import { IN_FLIGHT_BYTES, type ToParser } from "./protocol";

/**
 * Heap caps for the worker. Any cap makes V8 collect early instead of growing the heap towards its default
 * limit (the worker keeps little alive: the message being built, a parse batch; its input is off-heap). The old
 * generation must still hold one record of MAX_RECORD_BYTES parsed, which takes ~200 MB: at 96 a 31 MB
 * event crashed the process. Every parsed event dies young: 24 MB of young generation measured as fast as
 * 48 (16 cost ~8% more CPU), and ~20 MB smaller at 1M requests.
 */
const LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 24 };

declare const __AUDITLENS_CLI_PARSE_WORKER__: string | undefined;

/** The worker could not be started here; the caller parses on this thread instead. */
export class ParserUnavailable extends Error {}

function startWorker(): Worker {
  // Defined only in the CLI's esbuild bundle (scripts/cli-bundle.mjs): the worker's entry beside it.
  if (typeof __AUDITLENS_CLI_PARSE_WORKER__ === "string") {
    return new Worker(new URL(__AUDITLENS_CLI_PARSE_WORKER__, import.meta.url), { resourceLimits: LIMITS });
  }
  // Bundled by Next.js, which compiles the entry into a chunk of its own (see boot.ts on why not by the URL).
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./parse-worker.ts", import.meta.url), { resourceLimits: LIMITS });
  return tsWorker(import.meta.url.replace(/parse-in-worker\.ts$/, "parse-worker.ts"), import.meta.url, LIMITS);
}

/** A parse worker, started, ready and told how to redact. Throws ParserUnavailable when none can run here. */
export async function startParseWorker(redaction: Redaction): Promise<Worker> {
  let worker: Worker;
  try {
    worker = startWorker();
  } catch (err) {
    throw new ParserUnavailable(`parse worker failed to start: ${(err as Error).message}`);
  }
  const ready = await whenReady(worker, (message) => new ParserUnavailable(`parse worker failed to start: ${message}`));
  ready.postMessage({ type: "redaction", redaction } satisfies ToParser);
  return ready;
}

/** What the worker parses: a stream this thread feeds it, or a file it reads itself. */
export type WorkerInput = AsyncIterable<Uint8Array> | { file: string };

/**
 * Parses and normalizes `input` on a worker thread, yielding batches in input order. Fails the way
 * parsing on this thread does: what was read before a broken input is yielded, then the error thrown.
 * Throws ParserUnavailable before reading any input when no worker can be started.
 */
export async function* parseInWorker(input: WorkerInput, redaction: Redaction): AsyncGenerator<WorkerBatch> {
  const worker = await startParseWorker(redaction);
  try {
    const fromFile = "file" in input;
    let takenBytes = 0;
    // Fed from this thread: it pauses while the worker is IN_FLIGHT_BYTES behind.
    const feeder = new ParserFeeder(worker, (sent) => sent - takenBytes > IN_FLIGHT_BYTES);
    const batches = new ParsedBatches(worker, (consumedBytes) => {
      takenBytes = consumedBytes;
      worker.postMessage({ type: "taken", bytes: takenBytes } satisfies ToParser);
      feeder.wake();
    });
    worker.on("error", (err) => batches.fail(`parse worker crashed: ${err.message}`));

    if (fromFile) worker.postMessage({ type: "file", path: input.file } satisfies ToParser);
    else void feeder.feed(input);
    try {
      yield* batches;
    } finally {
      feeder.stop();
    }
  } finally {
    await worker.terminate();
  }
}
