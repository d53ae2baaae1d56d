import "server-only";
import { Worker } from "node:worker_threads";
import type { NormalizedBatch } from "../normalized-batch";
import { IN_FLIGHT_BYTES, type FromParser, type ToParser } from "./protocol";
import { decodeBatch } from "./wire";

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
  if (import.meta.url.endsWith(".ts")) {
    // Running from TypeScript sources (the CLI under tsx, the tests): a worker does not inherit tsx's
    // loader, so it loads the entry through tsx's API, with the condition that makes "server-only" a no-op.
    const entry = import.meta.url.replace(/parse-in-worker\.ts$/, "parse-worker.ts");
    const boot = `import("tsx/esm/api").then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
    return new Worker(boot, { eval: true, execArgv: ["--conditions=react-server"], resourceLimits: LIMITS });
  }
  // Bundled by Next.js, which compiles the entry into a chunk of its own.
  return new Worker(new URL("./parse-worker.ts", import.meta.url), { resourceLimits: LIMITS });
}

/** Waits for the worker's first message; an error before it means workers cannot run here. */
function ready(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromParser) => {
      if (m.type !== "ready") return;
      worker.off("error", onError);
      worker.off("message", onMessage);
      resolve();
    };
    const onError = (err: Error) => {
      worker.off("message", onMessage);
      reject(new ParserUnavailable(`parse worker failed to start: ${err.message}`));
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
  });
}

/** What the worker parses: a stream this thread feeds it, or a file it reads itself. */
export type WorkerInput = AsyncIterable<Uint8Array> | { file: string };

/** A batch, and how much of the input it and those before it came from. */
export type WorkerBatch = NormalizedBatch & { consumedBytes: number };

/**
 * Parses and normalizes `input` on a worker thread, yielding batches in input order. Fails the way
 * parsing on this thread does: what was read before a broken input is yielded, then the error thrown.
 * Throws ParserUnavailable before reading any input when no worker can be started.
 */
export async function* parseInWorker(input: WorkerInput): AsyncGenerator<WorkerBatch> {
  let worker: Worker;
  try {
    worker = startWorker();
  } catch (err) {
    throw new ParserUnavailable(`parse worker failed to start: ${(err as Error).message}`);
  }
  try {
    await ready(worker);
    const results: FromParser[] = [];
    let sentBytes = 0;
    let takenBytes = 0;
    let finished = false;
    let wakeConsumer: (() => void) | null = null;
    let wakeFeeder: (() => void) | null = null;
    const wakeBoth = () => {
      for (const wake of [wakeConsumer, wakeFeeder]) wake?.();
      wakeConsumer = wakeFeeder = null;
    };
    worker.on("message", (m: FromParser) => {
      results.push(m);
      wakeBoth();
    });
    worker.on("error", (err) => {
      results.push({ type: "failed", message: `parse worker crashed: ${err.message}` });
      wakeBoth();
    });

    const fromFile = "file" in input;
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
      for (;;) {
        const m = results.shift();
        if (!m) {
          await new Promise<void>((r) => (wakeConsumer = r));
          continue;
        }
        if (m.type === "parsed") {
          takenBytes = m.consumedBytes;
          if (fromFile) worker.postMessage({ type: "taken", bytes: takenBytes } satisfies ToParser);
          wakeBoth();
          yield { events: decodeBatch(m.events), problems: m.problems, consumedBytes: m.consumedBytes };
        }
        else if (m.type === "done") break;
        else if (m.type === "failed") throw new Error(m.message);
      }
    } finally {
      // The feeder stops at its next chunk; a stalled input must not hold the worker or the caller.
      finished = true;
      wakeBoth();
      void feeding;
    }
  } finally {
    await worker.terminate();
  }
}
