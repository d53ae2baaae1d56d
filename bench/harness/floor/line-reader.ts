import { closeSync, openSync, readSync } from "node:fs";

const READ_BYTES = 1 << 20;
const NEWLINE = Buffer.from("\n");

/** One read's complete lines: decoded, and where each one's bytes are in `chunk` (start, end pairs). */
export type LineChunk = { lines: string[]; spans: number[]; chunk: Buffer };

/**
 * A JSON-lines file a 1 MiB read at a time, as the ingest reads it, up to `maxLines` lines. `chunk` and
 * `spans` are valid until the next call. Empty lines are skipped.
 */
export class LineReader {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(READ_BYTES);
  private carry: Buffer = Buffer.alloc(0);
  private atEnd = false;
  private lineCount = 0;
  private consumed = 0;

  constructor(file: string, private readonly maxLines: number) {
    this.fd = openSync(file, "r");
  }

  /** Bytes of the lines read so far, newlines included. */
  get bytes(): number {
    return this.consumed;
  }

  /** The next read's lines; null once the file or the limit is reached. */
  next(): LineChunk | null {
    while (!this.atEnd && this.lineCount < this.maxLines) {
      const n = readSync(this.fd, this.buf, 0, READ_BYTES, null);
      this.atEnd = n === 0;
      // At the end, a last line without its newline is still a line; the newline added is not counted.
      const tail = this.atEnd && this.carry.length > 0 ? NEWLINE : this.buf.subarray(0, n);
      const chunk = this.carry.length > 0 ? Buffer.concat([this.carry, tail]) : tail;
      const lines: string[] = [];
      const spans: number[] = [];
      let start = 0;
      for (let nl = chunk.indexOf(10); nl >= 0 && this.lineCount < this.maxLines; nl = chunk.indexOf(10, start)) {
        if (nl > start) {
          lines.push(chunk.toString("utf8", start, nl));
          spans.push(start, nl);
          this.lineCount++;
        }
        this.consumed += Math.min(nl + 1, chunk.length - (this.atEnd ? 1 : 0)) - start;
        start = nl + 1;
      }
      this.carry = Buffer.from(chunk.subarray(start));
      // A read inside a line longer than 1 MiB has no complete line yet: read on.
      if (lines.length > 0) return { lines, spans, chunk };
    }
    return null;
  }

  close(): void {
    closeSync(this.fd);
  }
}
