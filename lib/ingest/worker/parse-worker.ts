import { parentPort } from "node:worker_threads";
import { normalizeEach } from "../normalized-batch";
import { describeEvent, type NormalizedEvent } from "../normalize";
import { parseAuditStream } from "../parse";
import type { ParseProblem } from "../types";
import { ChunkQueue } from "./chunk-queue";
import { IN_FLIGHT_BYTES, type FromParser, type ToParser } from "./protocol";
import { transferables, WireBuilder } from "./wire";

/**
 * The parse worker: bytes in, normalized events out. JSON parsing, validation, normalization and
 * hashing take about half of an ingest's CPU; here they run beside the thread that writes SQLite.
 */
const port = parentPort;
if (!port) throw new Error("parse-worker runs as a worker thread");
const p = port;

const input = new ChunkQueue();
const send = (message: FromParser) => p.postMessage(message);

p.on("message", (message: ToParser) => {
  if (message.type === "chunk") input.push(message.data);
  else if (message.type === "end") input.end();
  else input.fail(new Error(message.message));
});

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
    p.postMessage({ type: "parsed", consumedBytes: postedBytes, events: wire, problems } satisfies FromParser, transferables(wire));
    problems.length = 0;
  };
  // The feeder waits while it is IN_FLIGHT_BYTES ahead of the last message the writer took. Were this
  // thread to run dry then, holding less than a message (big events, or one long line), neither side
  // would move: so it posts what it has, even nothing, and the count moves on.
  input.onDrained = () => {
    if (input.receivedBytes - postedBytes > IN_FLIGHT_BYTES) flush();
  };
  const add = (event: NormalizedEvent) => {
    builder.add(event);
    if (builder.size === MESSAGE_EVENTS) flush();
  };
  try {
    for await (const items of parseAuditStream(input, { batchSize: PARSE_BATCH })) normalizeEach(items, describeEvent, add, problems);
    if (builder.size > 0 || problems.length > 0) flush();
    send({ type: "done" });
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

send({ type: "ready" });
void run();
