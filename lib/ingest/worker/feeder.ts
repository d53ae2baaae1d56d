import type { Worker } from "node:worker_threads";
import type { ToParser } from "./protocol";
import { collectYoungGarbage } from "./young-garbage";

/**
 * Posts a stream's chunks to a parse worker, pausing while `ahead(sentBytes)` says it is far enough ahead. Call
 * `wake` whenever that may have changed, and `stop` once nothing more should be posted: the feeder then
 * stops at its next chunk, so a stalled input holds neither the worker nor its caller.
 */
export class ParserFeeder {
  private sentBytes = 0;
  private collectedAt = 0;
  private stopped = false;
  private wakeUp: (() => void) | null = null;

  /** `collectEvery`: bytes posted between two collections of this thread's young garbage (none when 0). */
  constructor(
    private readonly worker: Worker,
    private readonly ahead: (sentBytes: number) => boolean,
    private readonly collectEvery = 0,
  ) {}

  wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = null;
    wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake();
  }

  /** Feeds `source` to its end (then `end`), or until stopped; a failing source is passed on as `fail`. */
  async feed(source: AsyncIterable<Uint8Array>): Promise<void> {
    const post = (message: ToParser, transfer?: ArrayBuffer[]) => this.worker.postMessage(message, transfer);
    try {
      for await (const chunk of source) {
        if (this.stopped) return;
        // A copy the worker can own: stream chunks often share one pooled buffer.
        const data = new Uint8Array(chunk);
        // Counted before posting: the transfer detaches `data`, leaving it zero bytes long.
        this.sentBytes += data.length;
        post({ type: "chunk", data }, [data.buffer]);
        if (this.collectEvery > 0 && this.sentBytes - this.collectedAt >= this.collectEvery) {
          collectYoungGarbage();
          this.collectedAt = this.sentBytes;
        }
        while (!this.stopped && this.ahead(this.sentBytes)) await new Promise<void>((resolve) => (this.wakeUp = resolve));
      }
      if (!this.stopped) post({ type: "end" });
    } catch (err) {
      if (!this.stopped) post({ type: "fail", message: err instanceof Error ? err.message : String(err) });
    }
  }
}
