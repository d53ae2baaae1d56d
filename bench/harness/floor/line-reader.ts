import { closeSync, openSync, readSync } from "node:fs";

const READ_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** One read's complete lines: decoded, and where each one's bytes are in `chunk` (start, end pairs). */
export type LineChunk = { lines: string[]; spans: number[]; chunk: Buffer };

/**
 * A JSON-lines file a 1 MiB read at a time, as the ingest reads it, up to `maxLines` lines. `chunk` and
 * `spans` are valid until the next call. Empty lines are skipped; a line's CRLF ending is not part of it.
 */
export class LineReader {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(READ_BYTES);
  /** The unfinished line's bytes so far, in pieces: a line longer than a read is joined once, when it ends. */
  private carry: Buffer[] = [];
  private atEnd = false;
  private lineCount = 0;
  private consumed = 0;

  constructor(file: string, private readonly maxLines: number) {
    this.fd = openSync(file, "r");
  }

  /** Bytes of the lines read so far, line endings included. */
  get bytes(): number {
    return this.consumed;
  }

  /** The next read's lines; null once the file or the limit is reached. */
  next(): LineChunk | null {
    while (!this.atEnd && this.lineCount < this.maxLines) {
      const n = readSync(this.fd, this.buf, 0, READ_BYTES, null);
      this.atEnd = n === 0;
      const read = this.buf.subarray(0, n);
      if (!this.atEnd && read.indexOf(NEWLINE) < 0) {
        this.carry.push(Buffer.from(read));
        continue;
      }
      // At the end, a last line without its newline is still a line; the newline added is not counted.
      const ending = this.atEnd && this.carry.length > 0;
      const tail = ending ? Buffer.from([NEWLINE]) : read;
      const chunk = this.carry.length > 0 ? Buffer.concat([...this.carry, tail]) : tail;
      const lines: string[] = [];
      const spans: number[] = [];
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl >= 0 && this.lineCount < this.maxLines; nl = chunk.indexOf(NEWLINE, start)) {
        const end = nl > start && chunk[nl - 1] === CARRIAGE_RETURN ? nl - 1 : nl;
        if (end > start) {
          lines.push(chunk.toString("utf8", start, end));
          spans.push(start, end);
          this.lineCount++;
        }
        this.consumed += nl + 1 - start - (ending && nl === chunk.length - 1 ? 1 : 0);
        start = nl + 1;
      }
      this.carry = start < chunk.length ? [Buffer.from(chunk.subarray(start))] : [];
      if (lines.length > 0) return { lines, spans, chunk };
    }
    return null;
  }

  close(): void {
    closeSync(this.fd);
  }
}
