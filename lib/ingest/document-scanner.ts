import "server-only";
import {
  CLOSE_BRACE, CLOSE_BRACKET, COLON_CHAR, COMMA, JsonGrammar, OPEN_BRACE, OPEN_BRACKET, QUOTE, type DocumentOutput,
} from "@/lib/ingest/json-grammar";
import { describeNotJson, formatBytes } from "@/lib/ingest/not-json";

export type { DocumentOutput } from "@/lib/ingest/json-grammar";

/** After a continuation line: it belonged to the document, or it must be read again as new input. */
export type FeedResult = "consumed" | "retry";

/**
 * Multi-line JSON documents — pretty-printed events, `jq .` output, arrays and envelopes — read line by
 * line, emitting each unit's text as it completes (see JsonGrammar).
 *
 * A broken document must not swallow the file. Three things end it early:
 * - a syntax error, e.g. a line break inside a string, which valid JSON cannot contain;
 * - a line that starts in column 0 with "{" or "[" where no element may start: pretty printers indent
 *   nested values, so that is the next document after a truncated one (this misreads unindented
 *   pretty output such as Python's indent=0, which is rare);
 * - the size limit, which stops collecting a unit that grows without closing.
 * After a syntax error inside the document, its remaining lines are skipped up to the next line that
 * starts in column 0 with "{" or "[", so that they are not each reported as noise.
 */
export class DocumentScanner extends JsonGrammar {
  /** Reported when the next document starts: the rest of a broken one is being skipped. */
  private skipping: { line: number; reason: string | null; last: number } | null = null;
  private beginLine = 0;
  private beginText = "";
  /** Last line scanned without error as part of the open document. */
  private lastCompleteLine = 0;

  /** A document is open, or the rest of a broken one is being skipped. */
  get active(): boolean {
    return this.stack.length > 0 || this.skipping !== null;
  }

  /**
   * Starts a document at `text[from]` ("{" or "["). Returns false when the line is malformed on its
   * own; then nothing was emitted and the caller reports the line as not JSON.
   */
  begin(no: number, text: string, from: number, out: DocumentOutput[]): boolean {
    this.reset();
    const mark = out.length;
    this.setLine(no, text, out);
    this.beginLine = no;
    this.beginText = text;
    if (this.scan(from)) {
      this.endLine();
      this.lastCompleteLine = no;
      return true;
    }
    out.length = mark;
    this.reset();
    return false;
  }

  /**
   * Starts a document at the first piece of a line too long to parse whole. Returns false, having
   * reported why, when the piece is malformed.
   */
  beginPieces(no: number, text: string, out: DocumentOutput[]): boolean {
    this.reset();
    this.unitName = "line";
    this.setLine(no, text, out);
    if (this.scan(0)) {
      this.endLine(false);
      return true;
    }
    out.push({ kind: "invalid", line: no, reason: `not JSON: ${this.errorDetail}` });
    this.reset();
    return false;
  }

  /** Feeds the next piece of such a line; the line's end only after its `last` piece. */
  feedPiece(no: number, text: string, last: boolean, out: DocumentOutput[]): void {
    this.setLine(no, text, out);
    if (this.skipping) {
      this.skipping.last = no;
      return;
    }
    if (this.stack.length === 0 && text.trim() === "") return;
    if (this.capture) this.capture.from = 0;
    if (this.scan(0)) {
      this.endLine(last);
      return;
    }
    this.abandon(`not JSON: ${this.errorDetail}`, true);
  }

  /** Feeds the next line of the open document. */
  feed(no: number, text: string, out: DocumentOutput[]): FeedResult {
    this.setLine(no, text, out);
    const first = text.charCodeAt(0);
    const startsInColumn0 = first === OPEN_BRACE || first === OPEN_BRACKET;
    if (this.skipping) {
      if (!startsInColumn0) {
        this.skipping.last = no;
        return "consumed";
      }
      this.endSkip();
      return "retry";
    }
    if (startsInColumn0 && !this.atElementStart()) {
      this.abandon(`not JSON: document not closed before line ${no}`, false);
      return "retry";
    }
    if (this.capture) this.capture.from = 0;
    if (this.scan(0)) {
      this.endLine();
      this.lastCompleteLine = no;
      return "consumed";
    }
    const detail = this.unit().line === no ? this.errorDetail : `${this.errorDetail} at line ${no}`;
    // An error on the line's first character means the line is not part of the document (a klog
    // line, the next document…): read it again. Otherwise the document itself is broken, and its
    // remaining lines would each be reported as noise: skip them up to the next document.
    const c = text.charCodeAt(this.errorAt);
    const startsSomethingElse = this.errorAt === firstNonSpace(text) &&
      c !== QUOTE && c !== COMMA && c !== COLON_CHAR && c !== CLOSE_BRACE && c !== CLOSE_BRACKET;
    this.abandon(`not JSON: ${detail}`, !startsSomethingElse);
    return startsSomethingElse ? "retry" : "consumed";
  }

  /** End of input: an open document was truncated. */
  finish(out: DocumentOutput[]): void {
    this.out = out;
    if (this.skipping) this.endSkip();
    if (this.stack.length > 0) this.abandon("not JSON: document not closed at end of input", false);
  }

  /** A line too long to keep belongs to the open document: the document is over the limit too. */
  oversizeLine(no: number, out: DocumentOutput[]): void {
    this.out = out;
    if (this.skipping) {
      this.skipping.last = no;
      return;
    }
    this.lineNo = no;
    this.abandon(`${this.unitName} exceeds ${formatBytes(this.maxBytes)}`, true);
  }

  protected override reset(): void {
    super.reset();
    this.unitName = "JSON document";
    this.beginLine = 0;
    this.beginText = "";
  }

  private setLine(no: number, text: string, out: DocumentOutput[]): void {
    this.lineNo = no;
    this.text = text;
    this.out = out;
  }

  /** Gives the open document up; reported now, or when the skip of its remaining lines ends. */
  private abandon(reason: string, skipRest: boolean): void {
    const unit = this.unit();
    const line = unit.line || this.docLine;
    // A document that only had its first line is a broken one-line JSON: JSON.parse says it best.
    const onlyFirstLine = !skipRest && line === this.beginLine && this.lastCompleteLine === this.beginLine;
    // An oversize unit was reported already; one problem per unit is enough.
    const report = unit.oversize ? null : onlyFirstLine ? describeNotJson(this.beginText) : reason;
    this.reset();
    if (skipRest) this.skipping = { line, reason: report, last: 0 };
    else if (report) this.out.push({ kind: "invalid", line, reason: report });
  }

  private endSkip(): void {
    const skip = this.skipping;
    this.skipping = null;
    if (!skip?.reason) return;
    const skipped = skip.last === 0 ? "" : skip.last === skip.line ? `; the rest of line ${skip.line} skipped` : `; skipped to line ${skip.last}`;
    this.out.push({ kind: "invalid", line: skip.line, reason: `${skip.reason}${skipped}` });
  }
}

function firstNonSpace(s: string): number {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
  return i;
}
