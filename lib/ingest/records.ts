import "server-only";
import { DocumentScanner, type DocumentOutput } from "@/lib/ingest/document-scanner";
import { STREAMED_KEYS } from "@/lib/ingest/json-grammar";
import { MAX_RECORD_BYTES, type Line } from "@/lib/ingest/lines";
import { describeNotJson, formatBytes, knownNoise } from "@/lib/ingest/not-json";
import { startsYaml, YamlDocuments } from "@/lib/ingest/yaml-documents";

/**
 * One JSON value found in the input, or a line/document that is not JSON. `text` is the value's own
 * JSON text when it sits on one line (the stored raw form); null when it spanned lines. `format` names
 * the notation when it is not JSON, for the reasons given when the value is not an event.
 */
export type RecordItem =
  | { kind: "value"; line: number; value: unknown; text: string | null; format?: "YAML" }
  | { kind: "invalid"; line: number; reason: string };

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

// Container runtime log format (/var/log/pods/…): `<time> <stream> <P|F>[:tags] <content>`. The
// runtime splits lines over 16 KiB into P(artial) pieces ended by an F(ull) one; big events do that.
const CRI_LINE = /^\d{4}-\d{2}-\d{2}T\S+ (?:stdout|stderr) ([PF])(?::\S*)? ?(.*)$/s;

/** Lines → JSON values, synchronously, so the per-line cost stays a JSON.parse on the fast path. */
export class RecordReader {
  private readonly scanner: DocumentScanner;
  private readonly documentOut: DocumentOutput[] = [];
  private partial: { line: number; parts: string[]; size: number } | null = null;
  /** The line whose first piece did not begin a document: its other pieces are dropped. */
  private brokenPieces = 0;
  /** Decided by the input's first non-blank line: a YAML file is read as YAML documents throughout. */
  private yamlDocuments: YamlDocuments | null = null;
  private undecided: boolean;

  /** `yaml`: whether the input may be YAML (a followed file is read in pieces, where no document can be). */
  constructor(private readonly maxBytes: number = MAX_RECORD_BYTES, yaml = true) {
    this.scanner = new DocumentScanner(maxBytes);
    this.undecided = yaml;
  }

  push(line: Line, out: RecordItem[]): void {
    if (this.undecided && !line.piece && !line.oversize) this.decide(line.text);
    if (this.yamlDocuments) {
      if (line.piece || line.oversize) this.yamlDocuments.oversizeLine(line.no);
      else this.yamlDocuments.push(line.no, line.text, out);
      return;
    }
    if (line.piece) {
      this.piece(line, out);
      return;
    }
    if (this.partial && (line.oversize || !CRI_LINE.test(line.text))) this.flushPartial(out);
    if (line.oversize) {
      if (this.brokenPieces === line.no) return;
      if (this.scanner.active) {
        this.scanner.oversizeLine(line.no, this.documentOut);
        this.drainDocument(out);
      } else {
        out.push({ kind: "invalid", line: line.no, reason: `line exceeds ${formatBytes(this.maxBytes)}` });
      }
      return;
    }
    if (this.scanner.active) {
      const result = this.scanner.feed(line.no, line.text, this.documentOut);
      this.drainDocument(out);
      if (result === "consumed") return;
    }
    this.fresh(line.no, line.text, out);
  }

  /**
   * A piece of a line too long to parse whole: the first begins a document, the others continue it
   * wherever it stands, without the checks that tell a new line from a continuation.
   */
  private piece(line: Line, out: RecordItem[]): void {
    if (line.piece === "start") {
      this.flushPartial(out);
      if (this.scanner.active) {
        // An open document may take the line (as an element of its list); if not, it was left unclosed.
        if (this.scanner.feed(line.no, line.text, this.documentOut) === "consumed") {
          this.drainDocument(out);
          return;
        }
        this.drainDocument(out);
      }
      const s = line.text.trimStart();
      this.brokenPieces = this.scanner.beginPieces(line.no, s, this.documentOut) ? 0 : line.no;
      this.drainDocument(out);
      return;
    }
    if (this.brokenPieces === line.no) return;
    this.scanner.feedPiece(line.no, line.text, line.piece === "end", this.documentOut);
    this.drainDocument(out);
  }

  private decide(text: string): void {
    const s = text.trim();
    if (s.length === 0) return;
    this.undecided = false;
    if (startsYaml(s)) this.yamlDocuments = new YamlDocuments(this.maxBytes);
  }

  end(out: RecordItem[]): void {
    this.yamlDocuments?.finish(out);
    this.flushPartial(out);
    this.scanner.finish(this.documentOut);
    this.drainDocument(out);
  }

  private fresh(no: number, text: string, out: RecordItem[]): void {
    const s = trimmed(text);
    if (s.length === 0) return;
    const first = s.charCodeAt(0);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      if (this.wholeValue(no, s, out)) return;
      if (this.scanner.begin(no, s, 0, this.documentOut)) this.drainDocument(out);
      else out.push({ kind: "invalid", line: no, reason: describeNotJson(s) });
      return;
    }
    const cri = CRI_LINE.exec(s);
    if (cri) {
      this.criPiece(no, cri[1] === "P", cri[2] ?? "", out);
      return;
    }
    this.singleLine(no, s, out);
  }

  /** The fast path: a line that is one complete JSON value. */
  private wholeValue(no: number, s: string, out: RecordItem[]): boolean {
    const first = s.charCodeAt(0);
    const last = s.charCodeAt(s.length - 1);
    let json = s;
    if ((first === OPEN_BRACE && last !== CLOSE_BRACE) || (first === OPEN_BRACKET && last !== CLOSE_BRACKET)) {
      // `{…},` is an element of an array whose brackets were lost (e.g. after a broken document).
      if (last !== COMMA || s.charCodeAt(s.length - 2) !== CLOSE_BRACE) return false;
      json = s.slice(0, -1);
    }
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return false;
    }
    // Scanned again for its elements' own texts: stored as sent, they deduplicate against the same
    // events read from a log (the webhook's EventList holds the log backend's bytes, less the envelope).
    if (!this.scanner.active && isStreamedWrapper(value) && this.scanner.begin(no, json, 0, this.documentOut)) {
      this.scanner.finish(this.documentOut);
      this.drainDocument(out);
      return true;
    }
    out.push({ kind: "value", line: no, value, text: json });
    return true;
  }

  /** A line that cannot start a multi-line document: JSON on its own, after a prefix, or noise. */
  private singleLine(no: number, s: string, out: RecordItem[]): void {
    const first = s.charCodeAt(0);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      if (!this.wholeValue(no, s, out)) out.push({ kind: "invalid", line: no, reason: describeNotJson(s) });
      return;
    }
    const noise = knownNoise(s);
    if (noise) {
      out.push({ kind: "invalid", line: no, reason: noise });
      return;
    }
    // A timestamp or syslog prefix before the event: try the text from the first "{".
    const brace = s.indexOf("{");
    if (brace > 0) {
      const suffix = s.slice(brace);
      try {
        out.push({ kind: "value", line: no, value: JSON.parse(suffix), text: suffix });
      } catch (err) {
        out.push({ kind: "invalid", line: no, reason: describeNotJson(suffix, err) });
      }
      return;
    }
    try {
      // A bare scalar is JSON too; validation then says it is not an event.
      out.push({ kind: "value", line: no, value: JSON.parse(s), text: s });
    } catch (err) {
      out.push({ kind: "invalid", line: no, reason: describeNotJson(s, err) });
    }
  }

  private criPiece(no: number, partial: boolean, content: string, out: RecordItem[]): void {
    const pending = this.partial;
    if (!partial && !pending) {
      this.singleLine(no, trimmed(content), out);
      return;
    }
    const piece = pending ?? { line: no, parts: [], size: 0 };
    piece.parts.push(content);
    piece.size += content.length;
    this.partial = piece;
    if (piece.size > this.maxBytes) {
      out.push({ kind: "invalid", line: piece.line, reason: `line exceeds ${formatBytes(this.maxBytes)}` });
      // Keep swallowing the pieces up to the F line, without their text.
      piece.parts = [];
      piece.size = -Infinity;
    }
    if (!partial) this.flushPartial(out);
  }

  private flushPartial(out: RecordItem[]): void {
    const pending = this.partial;
    if (!pending) return;
    this.partial = null;
    if (pending.size >= 0) this.singleLine(pending.line, trimmed(pending.parts.join("")), out);
  }

  private drainDocument(out: RecordItem[]): void {
    const items = this.documentOut;
    for (const item of items) {
      if (item.kind === "invalid") {
        out.push(item);
        continue;
      }
      try {
        const value: unknown = JSON.parse(item.text);
        const oneLine = !item.text.includes("\n");
        out.push({ kind: "value", line: item.line, value, text: oneLine ? item.text : null });
      } catch (err) {
        out.push({ kind: "invalid", line: item.line, reason: describeNotJson(item.text, err) });
      }
    }
    items.length = 0;
  }
}

/** A wrapper whose events sit in a list (EventList `items`, …), as unwrap.ts opens it. */
function isStreamedWrapper(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if ("auditID" in v || v.kind === "Event") return false;
  for (const key of STREAMED_KEYS) if (Array.isArray(v[key])) return true;
  return false;
}

function trimmed(text: string): string {
  return isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)) ? text.trim() : text;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}
