import "server-only";
import { Worker } from "node:worker_threads";
import { tsWorker, whenReady } from "./boot";
import { ParsedBatches, type WorkerBatch } from "./parsed-batches";
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
  if (import.meta.url.endsWith(".ts")) return tsWorker(import.meta.url.replace(/parse-in-worker\.ts$/, "parse-worker.ts"), import.meta.url, LIMITS);
  // Bundled by Next.js, which compiles the entry into a chunk of its own.
  return new Worker(new URL("./parse-worker.ts", import.meta.url), { resourceLimits: LIMITS });
}

/** A parse worker, started and ready. Throws ParserUnavailable when none can run here. */
export async function startParseWorker(): Promise<Worker> {
  let worker: Worker;
  try {
    worker = startWorker();
  } catch (err) {
    throw new ParserUnavailable(`parse worker failed to start: ${(err as Error).message}`);
  }
  return whenReady(worker, (message) => new ParserUnavailable(`parse worker failed to start: ${message}`));
}

/** What the worker parses: a stream this thread feeds it, or a file it reads itself. */
export type WorkerInput = AsyncIterable<Uint8Array> | { file: string };

/**
 * Parses and normalizes `input` on a worker thread, yielding batches in input order. Fails the way
 * parsing on this thread does: what was read before a broken input is yielded, then the error thrown.
 * Throws ParserUnavailable before reading any input when no worker can be started.
 */
export async function* parseInWorker(input: WorkerInput): AsyncGenerator<WorkerBatch> {
  const worker = await startParseWorker();
  try {
    const fromFile = "file" in input;
    let sentBytes = 0;
    let takenBytes = 0;
    let finished = false;
    let wakeFeeder: (() => void) | null = null;
    const wake = () => {
      const w = wakeFeeder;
      wakeFeeder = null;
      w?.();
    };
    const batches = new ParsedBatches(worker, (consumedBytes) => {
      takenBytes = consumedBytes;
      worker.postMessage({ type: "taken", bytes: takenBytes } satisfies ToParser);
      wake();
    });
    worker.on("error", (err) => batches.fail(`parse worker crashed: ${err.message}`));

    if (fromFile) worker.postMessage({ type: "file", path: input.file } satisfies ToParser);
    // Feeds the worker beside the loop below, pausing while the worker is IN_FLIGHT_BYTES behind.
    const feeding = fromFile
      ? null
      : (async () => {
          try {
            for await (const chunk of input) {
              if (finished) return;
              // A copy the worker can own: stream chunks often share one pooled buffer.
              const data = new Uint8Array(chunk);
              // Counted before posting: the transfer detaches `data`, leaving it zero bytes long.
              sentBytes += data.length;
              worker.postMessage({ type: "chunk", data } satisfies ToParser, [data.buffer]);
              while (!finished && sentBytes - takenBytes > IN_FLIGHT_BYTES) await new Promise<void>((r) => (wakeFeeder = r));
            }
            if (!finished) worker.postMessage({ type: "end" } satisfies ToParser);
          } catch (err) {
            if (!finished) worker.postMessage({ type: "fail", message: err instanceof Error ? err.message : String(err) } satisfies ToParser);
          }
        })();

    try {
      yield* batches;
    } finally {
      // The feeder stops at its next chunk; a stalled input must not hold the worker or the caller.
      finished = true;
      wake();
      void feeding;
    }
  } finally {
    await worker.terminate();
  }
}
