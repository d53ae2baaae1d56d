import "server-only";
import { isAscii } from "node:buffer";

/** Largest line or JSON document accepted; a RequestResponse event with a big list body fits easily. */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/**
 * One input line, without its line break; `oversize` lines carry no text (it was never kept).
 * A line too long to parse whole that starts like JSON (a one-line EventList of a million events) comes
 * as pieces with the same `no`: `piece` is "start", then "more"…, then "end". Each piece ends just after
 * a comma outside any string, so no token is ever cut, and the JSON grammar reads them in turn.
 */
export type Line = { no: number; text: string; oversize: boolean; piece?: "start" | "more" | "end" };

export type SplitOptions = {
  /** Longest line kept whole, and longest run of a streamed line without a place to cut it. */
  maxLineBytes?: number;
  /** Lines longer than this that start with "{" or "[" come as pieces (at most maxLineBytes). */
  wholeLineBytes?: number;
};

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
/** A piece is cut at the first comma after this many bytes (less under a small limit). */
const PIECE_BYTES = 64 * 1024;

/** A long JSON line being cut into pieces: the bytes not yet emitted and where a string is open. */
type Streamed = { pending: Buffer; scanned: number; inString: boolean; escaped: boolean; started: boolean };

/**
 * Splits a byte stream into lines, one array per input chunk so that callers pay one async step per
 * chunk rather than per line. Bytes are only ever cut at 0x0A, or in a streamed line at a comma, neither
 * of which occurs inside a multi-byte UTF-8 character, so a character split across chunks is decoded whole.
 */
export async function* splitLines(source: AsyncIterable<Buffer>, options: SplitOptions | number = {}): AsyncGenerator<Line[]> {
  const opts = typeof options === "number" ? { maxLineBytes: options } : options;
  const maxLineBytes = opts.maxLineBytes ?? MAX_RECORD_BYTES;
  const wholeLineBytes = Math.min(opts.wholeLineBytes ?? maxLineBytes, maxLineBytes);
  // Well under the limit, so that a run between two cuts is over it only when no comma is near.
  const pieceBytes = Math.max(1, Math.min(PIECE_BYTES, Math.floor(maxLineBytes / 4)));
  let no = 1;
  // Bytes of the current, unfinished line from earlier chunks.
  let carry: Buffer[] = [];
  let carryBytes = 0;
  // Inside a line already reported as oversize: drop bytes until its line break.
  let skipping = false;
  let streamed: Streamed | null = null;

  const decode = (buf: Buffer, start: number, end: number): string => {
    if (end > start && buf[end - 1] === CR) end--;
    const text = buf.toString("utf8", start, end);
    // Only the first line can carry a BOM (decoded as U+FEFF).
    return no === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };

  /** Whether the current line, whose first bytes are `head`, starts with "{" or "[". */
  const startsLikeJson = (head: Buffer): boolean => {
    let i = no === 1 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (i < head.length && (head[i] === 0x20 || head[i] === 0x09)) i++;
    return head[i] === 0x7b || head[i] === 0x5b;
  };

  /**
   * Appends `bytes` to the streamed line and emits every piece that can be cut from it; at the line's
   * end (`last`), the rest too. A run longer than maxLineBytes without a cut is reported as oversize.
   */
  const stream = (out: Line[], s: Streamed, bytes: Buffer, last: boolean): void => {
    let buf = s.pending.length === 0 ? Buffer.from(bytes) : Buffer.concat([s.pending, bytes]);
    let from = 0;
    for (let i = s.scanned; i < buf.length; i++) {
      const c = buf[i]!;
      if (s.inString) {
        if (s.escaped) s.escaped = false;
        else if (c === BACKSLASH) s.escaped = true;
        else if (c === QUOTE) s.inString = false;
      } else if (c === QUOTE) {
        s.inString = true;
      } else if (c === COMMA && i + 1 - from >= pieceBytes) {
        out.push({ no, text: s.started ? buf.toString("utf8", from, i + 1) : decode(buf, from, i + 1), oversize: false, piece: s.started ? "more" : "start" });
        s.started = true;
        from = i + 1;
      }
    }
    buf = buf.subarray(from);
    s.scanned = buf.length;
    if (buf.length > maxLineBytes) {
      out.push({ no, text: "", oversize: true });
      streamed = null;
      skipping = !last;
    } else if (last) {
      out.push({ no, text: decode(buf, 0, buf.length), oversize: false, ...(s.started ? { piece: "end" as const } : {}) });
      streamed = null;
    } else {
      // Copied: a subarray would keep the whole concatenation alive.
      s.pending = Buffer.from(buf);
    }
  };

  const startStream = (out: Line[], bytes: Buffer, last: boolean): void => {
    const s: Streamed = { pending: Buffer.alloc(0), scanned: 0, inString: false, escaped: false, started: false };
    streamed = s;
    stream(out, s, bytes, last);
  };

  /** Ends the current line at `chunk[end]`, a line break; its start may be in `carry`. */
  const endLine = (out: Line[], chunk: Buffer, start: number, end: number): void => {
    if (skipping) {
      skipping = false;
    } else if (carryBytes + (end - start) > wholeLineBytes && startsLikeJson(carryBytes > 0 ? carry[0]! : chunk.subarray(start, end))) {
      startStream(out, carryBytes > 0 ? Buffer.concat([...carry, chunk.subarray(start, end)]) : chunk.subarray(start, end), true);
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
    let start = 0;
    if (streamed) {
      const nl = chunk.indexOf(LF);
      stream(out, streamed, nl === -1 ? chunk : chunk.subarray(0, nl), nl !== -1);
      if (nl === -1) {
        if (out.length > 0) yield out;
        continue;
      }
      no++;
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (last >= start) {
      const first = chunk.indexOf(LF, start);
      endLine(out, chunk, start, first);
      start = first + 1;
      if (start < last && last - start <= wholeLineBytes) {
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
      const rest = chunk.subarray(start);
      if (carryBytes + rest.length > wholeLineBytes && startsLikeJson(carryBytes > 0 ? carry[0]! : rest)) {
        startStream(out, Buffer.concat([...carry, rest]), false);
        carry = [];
        carryBytes = 0;
      } else if (carryBytes + rest.length > maxLineBytes) {
        // Report now rather than at the line break, so the memory is never held.
        out.push({ no, text: "", oversize: true });
        carry = [];
        carryBytes = 0;
        skipping = true;
      } else {
        // Copied: some sources reuse their chunk buffers after we return.
        carry.push(Buffer.from(rest));
        carryBytes += rest.length;
      }
    }
    if (out.length > 0) yield out;
  }

  if (streamed) {
    const out: Line[] = [];
    stream(out, streamed, Buffer.alloc(0), true);
    yield out;
  } else if (carryBytes > 0 && !skipping) {
    const whole = Buffer.concat(carry);
    yield [{ no, text: decode(whole, 0, whole.length), oversize: false }];
  }
}
