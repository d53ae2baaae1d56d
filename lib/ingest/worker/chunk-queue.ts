/**
 * Chunks pushed from message events, read as an async iterable: the worker side of the input stream.
 * `consumedBytes` counts what the parser has taken, which is what the pipeline's backpressure waits on.
 */
export class ChunkQueue implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  receivedBytes = 0;
  consumedBytes = 0;
  /** Called each time the reader has taken every chunk pushed so far and is about to wait for more. */
  onDrained: (() => void) | null = null;
  /** Called each time the reader takes a chunk. */
  onTaken: (() => void) | null = null;

  push(chunk: Uint8Array): void {
    this.receivedBytes += chunk.length;
    this.chunks.push(chunk);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(error: Error): void {
    this.failure = error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk) {
        this.consumedBytes += chunk.length;
        this.onTaken?.();
        yield chunk;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return;
      this.onDrained?.();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
