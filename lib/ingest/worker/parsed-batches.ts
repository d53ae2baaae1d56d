import type { NormalizedBatch } from "../normalized-batch";
import type { FromParser } from "./protocol";
import { decodeBatch } from "./wire";

/** A batch, and how much of the input it and those before it came from. */
export type WorkerBatch = NormalizedBatch & { consumedBytes: number };

/** Where a parse worker's messages arrive: the worker itself, or a port it was given for its output. */
type Inbox = { on(event: "message", listener: (m: FromParser) => void): unknown };

/**
 * The batches a parse worker posts, in input order, as an async iterable: on the thread that started it,
 * or on a writer thread it posts to directly. `onTaken` hears of each batch as it is handed on (and
 * tells the worker, which waits while too many are not); `fail` ends the batches with an error (the
 * worker crashed, which only its starter sees).
 */
export class ParsedBatches implements AsyncIterable<WorkerBatch> {
  private readonly queue: FromParser[] = [];
  private wake: (() => void) | null = null;
  private consumedBytes = 0;

  constructor(
    inbox: Inbox,
    private readonly onTaken: (consumedBytes: number) => void = () => {},
  ) {
    inbox.on("message", (m) => this.push(m));
  }

  fail(message: string): void {
    this.push({ type: "failed", message });
  }

  private push(m: FromParser): void {
    this.queue.push(m);
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<WorkerBatch> {
    for (;;) {
      const m = this.queue.shift();
      if (!m) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if (m.type === "parsed") {
        this.consumedBytes = m.consumedBytes;
        this.onTaken(m.consumedBytes);
        yield { events: decodeBatch(m.events), problems: m.problems, consumedBytes: m.consumedBytes };
      } else if (m.type === "done") {
        // Input after the last event (blank lines, a gzip trailer) still counts as read.
        if (m.consumedBytes > this.consumedBytes) yield { events: [], problems: [], consumedBytes: m.consumedBytes };
        return;
      } else if (m.type === "failed") throw new Error(m.message);
    }
  }
}
