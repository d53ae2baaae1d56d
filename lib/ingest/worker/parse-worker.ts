import { parentPort } from "node:worker_threads";
import { normalizeItems } from "../normalized-batch";
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

async function run(): Promise<void> {
  try {
    for await (const items of parseAuditStream(input, { batchSize: 2000 })) {
      const { events, problems } = normalizeItems(items);
      const wire = encodeBatch(events);
      p.postMessage({ type: "parsed", consumedBytes: input.consumedBytes, events: wire, problems } satisfies FromParser, transferables(wire));
    }
    send({ type: "done" });
  } catch (err) {
    send({ type: "failed", message: err instanceof Error ? err.message : String(err) });
  }
}

send({ type: "ready" });
void run();
