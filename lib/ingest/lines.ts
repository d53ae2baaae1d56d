import "server-only";
import { isAscii } from "node:buffer";

/** Largest line or JSON document accepted; a RequestResponse event with a big list body fits easily. */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** One input line, without its line break; `oversize` lines carry no text (it was never kept). */
export type Line = { no: number; text: string; oversize: boolean };

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines, one array per input chunk so that callers pay one async step per
 * chunk rather than per line. Bytes are only ever cut at 0x0A, which never occurs inside a multi-byte
 * UTF-8 character, so a character split across chunks is decoded whole.
 */
export async function* splitLines(
  source: AsyncIterable<Buffer>,
  maxLineBytes: number = MAX_RECORD_BYTES,
): AsyncGenerator<Line[]> {
  let no = 1;
  // Bytes of the current, unfinished line from earlier chunks.
  let carry: Buffer[] = [];
  let carryBytes = 0;
  // Inside a line already reported as oversize: drop bytes until its line break.
  let skipping = false;

  const decode = (buf: Buffer, start: number, end: number): string => {
    if (end > start && buf[end - 1] === CR) end--;
    const text = buf.toString("utf8", start, end);
    // Only the first line can carry a BOM (decoded as U+FEFF).
    return no === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };

  /** Ends the current line at `chunk[end]`, a line break; its start may be in `carry`. */
  const endLine = (out: Line[], chunk: Buffer, start: number, end: number): void => {
    if (skipping) {
      skipping = false;
    } else if (carryBytes + (end - start) > maxLineBytes) {
      out.push({ no, text: "", oversize: true });
    } else if (carryBytes === 0) {
      out.push({ no, text: decode(chunk, start, end), oversize: false });
    } else {
      carry.push(chunk.subarray(start, end));
      const whole = Buffer.concat(carry);
      out.push({ no, text: decode(whole, 0, whole.length), oversize: false });
    }
    carry = [];
    carryBytes = 0;
    no++;
  };

  for await (const chunk of source) {
    const out: Line[] = [];
    const last = chunk.lastIndexOf(LF);
    let start = 0;
    if (last !== -1) {
      const first = chunk.indexOf(LF);
      endLine(out, chunk, 0, first);
      start = first + 1;
      if (start < last && last - start <= maxLineBytes) {
        // The common case: decode the complete lines of the chunk at once and cut the string, which
        // is much cheaper than one Buffer decode per line. No line here can exceed the limit.
        const complete = chunk.subarray(start, last);
        // Audit logs are nearly all ASCII, which latin1 decodes the same at twice the speed.
        const body = complete.toString(isAscii(complete) ? "latin1" : "utf8");
        let from = 0;
        for (;;) {
          const nl = body.indexOf("\n", from);
          let end = nl === -1 ? body.length : nl;
          if (end > from && body.charCodeAt(end - 1) === CR) end--;
          out.push({ no: no++, text: body.slice(from, end), oversize: false });
          if (nl === -1) break;
          from = nl + 1;
        }
        start = last + 1;
      } else {
        // A chunk bigger than the limit (a whole file handed over at once): line by line.
        for (let nl = chunk.indexOf(LF, start); nl !== -1; nl = chunk.indexOf(LF, start)) {
          endLine(out, chunk, start, nl);
          start = nl + 1;
        }
      }
    }
    if (start < chunk.length && !skipping) {
      const restBytes = chunk.length - start;
      if (carryBytes + restBytes > maxLineBytes) {
        // Report now rather than at the line break, so the memory is never held.
        out.push({ no, text: "", oversize: true });
        carry = [];
        carryBytes = 0;
        skipping = true;
      } else {
        // Copied: some sources reuse their chunk buffers after we return.
        carry.push(Buffer.from(chunk.subarray(start)));
        carryBytes += restBytes;
      }
    }
    if (out.length > 0) yield out;
  }

  if (carryBytes > 0 && !skipping) {
    const whole = Buffer.concat(carry);
    yield [{ no, text: decode(whole, 0, whole.length), oversize: false }];
  }
}
