import { open, type FileHandle } from "node:fs/promises";
import { parentPort, type MessagePort } from "node:worker_threads";
import { normalizeEach } from "../normalized-batch";
import { normalizerFor, type NormalizedEvent, type Normalizer } from "../normalize";
import { parseAuditStream } from "../parse";
import type { ParseProblem } from "../types";
import { ChunkQueue } from "./chunk-queue";
import { FILE_IN_FLIGHT_BYTES, FILE_READ_BYTES, MAX_QUEUED_MESSAGES, PARSE_AHEAD_BYTES, type FromParser, type ToParser } from "./protocol";
import { transferables, WireBuilder } from "./wire";

/**
 * The parse worker: bytes in, normalized events out. JSON parsing, validation, normalization and
 * hashing take about half of an ingest's CPU; here they run beside the thread that writes SQLite.
 */
const port = parentPort;
if (!port) throw new Error("parse-worker runs as a worker thread");
const p = port;

const input = new ChunkQueue();
/** Where parsed batches go: the starter, unless it gave a writer thread's port. */
let output: MessagePort | null = null;
const send = (message: FromParser, transfer?: ArrayBuffer[]) => (output ?? p).postMessage(message, transfer);

/** Input whose events the writer has taken, and the messages it took and this thread posted. */
let takenBytes = 0;
let takenMessages = 0;
let postedMessages = 0;
let wakeReader: (() => void) | null = null;
let wakeParser: (() => void) | null = null;
const wakeTheReader = () => {
  const wake = wakeReader;
  wakeReader = null;
  wake?.();
};
input.onTaken = wakeTheReader;

function taken(bytes: number): void {
  takenBytes = bytes;
  takenMessages++;
  wakeTheReader();
  const wake = wakeParser;
  wakeParser = null;
  wake?.();
}

/** Set by the first message: no event is normalized, so none stored, before the store says how to redact. */
let setNormalizer: (n: Normalizer) => void = () => {};
const normalizer = new Promise<Normalizer>((resolve) => (setNormalizer = resolve));

p.on("message", (message: ToParser) => {
  switch (message.type) {
    case "redaction":
      return setNormalizer(normalizerFor(message.redaction, false));
    case "chunk":
      return input.push(message.data);
    case "end":
      return input.end();
    case "fail":
      return input.fail(new Error(message.message));
    case "file":
      return void readFile(message.path);
    case "taken":
      return taken(message.bytes);
    case "output":
      output = message.port;
      output.on("message", (m: ToParser) => {
        if (m.type === "taken") taken(m.bytes);
      });
      return;
  }
});

/**
 * Reads a file into `input`, at most PARSE_AHEAD_BYTES ahead of the parser and FILE_IN_FLIGHT_BYTES
 * ahead of the writer. Reading here, rather than being fed by the writer's thread, keeps the parser
 * busy while that thread is inside a transaction.
 */
async function readFile(path: string): Promise<void> {
  let file: FileHandle | null = null;
  try {
    file = await open(path, "r");
    for (;;) {
      while (input.receivedBytes - input.consumedBytes >= PARSE_AHEAD_BYTES || input.receivedBytes - takenBytes >= FILE_IN_FLIGHT_BYTES) {
        await new Promise<void>((resolve) => (wakeReader = resolve));
      }
      const chunk = new Uint8Array(FILE_READ_BYTES);
      const { bytesRead } = await file.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      input.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    input.end();
  } catch (err) {
    input.fail(err instanceof Error ? err : new Error(String(err)));
  } finally {
    await file?.close();
  }
}

/** Events a message to the writer carries: ~2 MB of input, packed into one or two blocks. */
const MESSAGE_EVENTS = 2000;
/**
 * Items parsed at a time. Each is normalized and encoded straight away, so the parsed JSON and the line's
 * text die young instead of being copied by every scavenge while a whole message fills.
 */
const PARSE_BATCH = 250;

async function run(): Promise<void> {
  const builder = new WireBuilder(MESSAGE_EVENTS);
  const problems: ParseProblem[] = [];
  let postedBytes = 0;
  const flush = () => {
    const wire = builder.take();
    postedBytes = input.consumedBytes;
    // postMessage copies `problems` before it returns.
    send({ type: "parsed", consumedBytes: postedBytes, events: wire, problems }, transferables(wire));
    postedMessages++;
    problems.length = 0;
    if (output) p.postMessage({ type: "progress", consumedBytes: postedBytes } satisfies FromParser);
  };
  // Input stops coming while this thread holds PARSE_AHEAD_BYTES it has not posted (an upload's feeder's
  // bound; the file reader here stops on what is not yet parsed, and a writer feeding from its own
  // thread at IN_FLIGHT_BYTES, twice that) or while the writer is behind, which it catches up on by
  // taking what was posted. Were this thread to run dry then, holding less than a message (big events,
  // or one long line), neither side would move: so it posts what it has, even nothing, and the count
  // moves on.
  input.onDrained = () => {
    if (input.receivedBytes - postedBytes >= PARSE_AHEAD_BYTES) flush();
  };
  const add = (event: NormalizedEvent) => {
    builder.add(event);
    if (builder.size === MESSAGE_EVENTS) flush();
  };
  try {
    const normalize = await normalizer;
    for await (const items of parseAuditStream(input, { batchSize: PARSE_BATCH })) {
      normalizeEach(items, normalize, add, problems);
      // Parsing waits too while the writer is MAX_QUEUED_MESSAGES behind: the input stops next.
      while (postedMessages - takenMessages >= MAX_QUEUED_MESSAGES) await new Promise<void>((resolve) => (wakeParser = resolve));
    }
    if (builder.size > 0 || problems.length > 0) flush();
    send({ type: "done", consumedBytes: input.consumedBytes });
  } catch (err) {
    // What was parsed before a broken input still goes out first, as on the writer's own thread.
    try {
      if (builder.size > 0 || problems.length > 0) flush();
    } catch {
      // The failure is what gets reported.
    }
    send({ type: "failed", message: err instanceof Error ? err.message : String(err) });
  }
}

p.postMessage({ type: "ready" } satisfies FromParser);
void run();
