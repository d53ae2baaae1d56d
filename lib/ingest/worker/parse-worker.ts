import { parentPort } from "node:worker_threads";
import { normalizeItems, type NormalizedBatch } from "../normalized-batch";
import { parseAuditStream } from "../parse";
import { ChunkQueue } from "./chunk-queue";
import type { FromParser, ToParser } from "./protocol";
import { encodeBatch, transferables } from "./wire";

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
 * Items parsed at a time. Each is normalized straight away, so the parsed JSON (far larger than the
 * normalized event) dies young instead of being copied by every scavenge while a whole message fills.
 */
const PARSE_BATCH = 250;

async function run(): Promise<void> {
  try {
    let pending: NormalizedBatch = { events: [], problems: [] };
    const flush = () => {
      const wire = encodeBatch(pending.events);
      p.postMessage({ type: "parsed", consumedBytes: input.consumedBytes, events: wire, problems: pending.problems } satisfies FromParser, transferables(wire));
      pending = { events: [], problems: [] };
    };
    for await (const items of parseAuditStream(input, { batchSize: PARSE_BATCH })) {
      const { events, problems } = normalizeItems(items);
      for (const e of events) pending.events.push(e);
      for (const problem of problems) pending.problems.push(problem);
      if (pending.events.length >= MESSAGE_EVENTS) flush();
    }
    if (pending.events.length > 0 || pending.problems.length > 0) flush();
    send({ type: "done" });
  } catch (err) {
    send({ type: "failed", message: err instanceof Error ? err.message : String(err) });
  }
}

send({ type: "ready" });
void run();
