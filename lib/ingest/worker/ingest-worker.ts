import { parentPort, type MessagePort } from "node:worker_threads";
import { openIngestTarget } from "@/lib/store/index-ingest";
import { IngestError, ingestStream } from "../pipeline";
import type { FromWriter, IngestJob, ToWriter } from "./ingest-protocol";
import { ParsedBatches } from "./parsed-batches";
import type { ToParser } from "./protocol";

/**
 * An ingest's writer thread: a parse worker posts it batches directly, it writes them through a store
 * connection of its own, and its heap is capped (UPLOAD_WRITER_LIMITS), which the server's main thread cannot be.
 */
const port = parentPort;
if (!port) throw new Error("ingest-worker runs as a worker thread");
const p = port;
const send = (message: FromWriter) => p.postMessage(message);

let batches: ParsedBatches | null = null;

p.on("message", (message: ToWriter) => {
  if (message.type === "start") void run(message.job, message.parsed);
  else batches?.fail(message.message);
});

async function run(job: IngestJob, parsed: MessagePort): Promise<void> {
  batches = new ParsedBatches(parsed, (bytes) => {
    parsed.postMessage({ type: "taken", bytes } satisfies ToParser);
    send({ type: "taken", bytes });
  });
  try {
    const target = openIngestTarget(job.store);
    try {
      const summary = await ingestStream(target, { parsed: batches }, job);
      send({ type: "done", summary });
    } finally {
      target.close();
    }
  } catch (err) {
    if (err instanceof IngestError) send({ type: "failed", message: err.message, summary: err.summary });
    else send({ type: "crashed", message: err instanceof Error ? err.message : String(err) });
  } finally {
    parsed.close();
  }
}

send({ type: "ready" });
