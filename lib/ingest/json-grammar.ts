import "server-only";
import { formatBytes } from "@/lib/ingest/not-json";

/**
 * Arrays whose elements are emitted one by one when they are the root or a key of the root object:
 * EventList `items`, CloudWatch export `events`, Azure `records`, CloudWatch subscription `logEvents`.
 * Everything else in a multi-line document is kept whole until it closes.
 */
export const STREAMED_KEYS: ReadonlySet<string> = new Set(["items", "events", "records", "logEvents"]);

/** JSON text of one complete value (a document or a streamed element), or why a unit was given up. */
export type DocumentOutput =
  | { kind: "text"; line: number; text: string }
  | { kind: "invalid"; line: number; reason: string };

const OBJECT = 0;
const ARRAY = 1;

// What the grammar allows next.
const VALUE = 0;
const VALUE_OR_CLOSE = 1; // right after "["
const KEY_OR_CLOSE = 2; // right after "{"
const KEY = 3;
const COLON = 4;
const COMMA_OR_CLOSE = 5;

export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const COLON_CHAR = 0x3a;
const BACKSLASH = 0x5c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;

const SCALAR = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

/** Text of one unit (a document or a streamed element) being collected across lines. */
export class Capture {
  line = 0;
  pieces: string[] = [];
  size = 0;
  /** Column where collection (re)starts on the current line. */
  from = 0;
  oversize = false;

  start(line: number, from: number): void {
    this.line = line;
    this.pieces = [];
    this.size = 0;
    this.from = from;
    this.oversize = false;
  }
}

/**
 * The JSON grammar followed line by line, collecting the text of each unit: a root object whole, or
 * the elements of a streamed array one at a time. It checks structure only (JSON.parse checks the
 * rest of each completed unit); it is the slow path, so a per-character loop is acceptable here.
 * What to do with a broken document is DocumentScanner's business.
 */
export class JsonGrammar {
  protected stack: number[] = [];
  private expect = VALUE;
  private rootIsObject = false;
  protected docLine = 0;
  /** Depth of the array whose elements are streamed; 0 when none is open. */
  private streamDepth = 0;
  /** A root object that streamed an array is an envelope: its remainder is not emitted. */
  private streamed = false;
  private lastRootKey = "";
  private inElement = false;
  private readonly root = new Capture();
  private readonly element = new Capture();
  protected capture: Capture | null = null;
  /** What a unit over the size limit is called: a line, when read from the pieces of one. */
  protected unitName = "JSON document";

  protected lineNo = 0;
  protected text = "";
  protected out: DocumentOutput[] = [];
  protected errorAt = 0;
  protected errorDetail = "";

  constructor(protected readonly maxBytes: number) {}

  protected reset(): void {
    this.stack = [];
    this.expect = VALUE;
    this.streamDepth = 0;
    this.streamed = false;
    this.lastRootKey = "";
    this.inElement = false;
    this.capture = null;
    this.root.start(0, 0);
    this.element.start(0, 0);
  }

  /** The unit a problem belongs to: the open element of a streamed array, else the document. */
  protected unit(): Capture {
    return this.inElement ? this.element : this.root;
  }

  /** Between elements of a streamed array, where a new element may start. */
  protected atElementStart(): boolean {
    return this.streamDepth > 0 && this.stack.length === this.streamDepth &&
      (this.expect === VALUE || this.expect === VALUE_OR_CLOSE);
  }

  /** Scans the current line from `from`; false on a syntax error (errorAt/errorDetail set). */
  protected scan(from: number): boolean {
    const s = this.text;
    const n = s.length;
    let i = from;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
        i++;
        continue;
      }
      if (this.stack.length === 0) {
        // A document closed earlier on this line; only another document may follow it.
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return this.fail(i, `unexpected ${show(c)} after a document`);
        this.docLine = this.lineNo;
        this.streamed = false;
        this.expect = VALUE;
      }
      switch (this.expect) {
        case VALUE:
        case VALUE_OR_CLOSE:
          if (c === CLOSE_BRACKET && this.expect === VALUE_OR_CLOSE) i = this.close(i);
          else i = this.value(i, c);
          break;
        case KEY_OR_CLOSE:
        case KEY: {
          if (c === CLOSE_BRACE && this.expect === KEY_OR_CLOSE) {
            i = this.close(i);
            break;
          }
          if (c !== QUOTE) return this.fail(i, `unexpected ${show(c)} where a key belongs`);
          const end = stringEnd(s, i);
          if (end < 0) return this.fail(i, "line break inside a string");
          if (this.stack.length === 1) this.lastRootKey = s.slice(i + 1, end);
          this.expect = COLON;
          i = end + 1;
          break;
        }
        case COLON:
          if (c !== COLON_CHAR) return this.fail(i, `unexpected ${show(c)} where ":" belongs`);
          this.expect = VALUE;
          i++;
          break;
        default: {
          const top = this.stack[this.stack.length - 1];
          if (c === COMMA) {
            this.expect = top === OBJECT ? KEY : VALUE;
            i++;
          } else if ((c === CLOSE_BRACE && top === OBJECT) || (c === CLOSE_BRACKET && top === ARRAY)) {
            i = this.close(i);
          } else {
            return this.fail(i, `unexpected ${show(c)}`);
          }
        }
      }
      if (i < 0) return false;
    }
    return true;
  }

  /**
   * Collects the rest of the current line into the open unit; `lineBreak` false for a piece of a long
   * line, which the next piece continues (a unit within one line keeps its exact text).
   */
  protected endLine(lineBreak = true): void {
    const capture = this.capture;
    if (capture) {
      this.append(capture, this.text.slice(capture.from));
      if (lineBreak) this.append(capture, "\n");
    }
  }

  private fail(at: number, detail: string): false {
    this.errorAt = at;
    this.errorDetail = detail;
    return false;
  }

  /** Scans the value starting at `i`; returns the index after it (or of its first child), -1 on error. */
  private value(i: number, c: number): number {
    if (this.streamDepth > 0 && this.stack.length === this.streamDepth) {
      this.inElement = true;
      this.element.start(this.lineNo, i);
      this.capture = this.element;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.stack.push(c === OPEN_BRACE ? OBJECT : ARRAY);
      this.expect = c === OPEN_BRACE ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
      if (this.stack.length === 1) this.openRoot(i, c === OPEN_BRACE);
      else if (c === OPEN_BRACKET && this.stack.length === 2 && this.rootIsObject && STREAMED_KEYS.has(this.lastRootKey)) {
        this.openStream(i);
      }
      return i + 1;
    }
    const s = this.text;
    if (c === QUOTE) {
      const end = stringEnd(s, i);
      if (end >= 0) return this.valueDone(end + 1);
      this.fail(i, "line break inside a string");
      return -1;
    }
    let j = i;
    while (j < s.length && isScalarChar(s.charCodeAt(j))) j++;
    if (j > i && SCALAR.test(s.slice(i, j))) return this.valueDone(j);
    this.fail(i, `unexpected ${show(c)}`);
    return -1;
  }

  private openRoot(i: number, isObject: boolean): void {
    this.rootIsObject = isObject;
    this.root.start(this.lineNo, i);
    if (isObject) {
      this.capture = this.root;
    } else {
      // A root array is only a list: its elements are the units, the array itself is not kept.
      this.streamDepth = 1;
      this.capture = null;
    }
  }

  private openStream(i: number): void {
    this.streamDepth = this.stack.length;
    this.streamed = true;
    this.append(this.root, this.text.slice(this.root.from, i + 1));
    this.capture = null;
  }

  private close(i: number): number {
    const closedDepth = this.stack.length;
    this.stack.pop();
    if (closedDepth === this.streamDepth) {
      this.streamDepth = 0;
      if (this.rootIsObject) {
        this.root.from = i;
        this.capture = this.root;
      }
    }
    return this.valueDone(i + 1);
  }

  private valueDone(end: number): number {
    const depth = this.stack.length;
    if (this.inElement && depth === this.streamDepth) {
      const element = this.element;
      this.append(element, this.text.slice(element.from, end));
      if (!element.oversize) this.out.push({ kind: "text", line: element.line, text: element.pieces.join("") });
      this.inElement = false;
      this.capture = null;
      element.start(0, 0);
    }
    if (depth === 0) {
      this.closeRoot(end);
      return end;
    }
    this.expect = COMMA_OR_CLOSE;
    return end;
  }

  private closeRoot(end: number): void {
    const root = this.root;
    if (this.rootIsObject) {
      this.append(root, this.text.slice(root.from, end));
      if (!this.streamed && !root.oversize) this.out.push({ kind: "text", line: root.line, text: root.pieces.join("") });
    }
    this.capture = null;
    root.start(0, 0);
    this.streamDepth = 0;
    // Text after the closed document on this line is reported at this line, not at the document's.
    this.docLine = this.lineNo;
  }

  private append(capture: Capture, piece: string): void {
    if (capture.oversize) return;
    capture.size += piece.length;
    if (capture.size > this.maxBytes) {
      capture.oversize = true;
      capture.pieces = [];
      this.out.push({ kind: "invalid", line: capture.line, reason: `${this.unitName} exceeds ${formatBytes(this.maxBytes)}` });
      return;
    }
    capture.pieces.push(piece);
  }
}

/** Index of the closing quote of the string opening at `start`, or -1 if the line ends first. */
function stringEnd(s: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = s.indexOf('"', from);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let k = q - 1; k > start && s.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q;
    from = q + 1;
  }
}

function isScalarChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ||
    c === 0x2b || c === 0x2d || c === 0x2e;
}

function show(c: number): string {
  return JSON.stringify(String.fromCharCode(c));
}
