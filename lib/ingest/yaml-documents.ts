import "server-only";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { formatBytes } from "@/lib/ingest/not-json";
import type { RecordItem } from "@/lib/ingest/records";

/**
 * The first meaningful line of a YAML file: a document marker, a directive, a comment, a sequence entry
 * or a `key:` mapping entry. JSON (even behind a prefix) starts otherwise: `{`, `[`, a timestamp, a
 * klog or syslog header; `name: {"…` is a prefixed JSON line, not a YAML mapping.
 */
const YAML_START = /^(?:---(?:\s|$)|%YAML\s|#|-(?:\s|$)|[A-Za-z_][\w./-]*:(?:\s|$))/;
const PREFIXED_JSON = /^[^:]*:\s*\{"/;

export function startsYaml(line: string): boolean {
  return YAML_START.test(line) && !PREFIXED_JSON.test(line);
}

/** `---` (a document's start, maybe with content after it) and `...` (a document's end), in column 0. */
const DOCUMENT_START = /^---(?:\s|$)/;
const DOCUMENT_END = /^\.\.\.\s*$/;
const MAX_MESSAGE = 200;

/**
 * YAML audit events, as `kubectl … -o yaml` and test fixtures write them: one Event, an EventList or a
 * sequence of events, or several `---` documents. Lines are collected up to the next document marker
 * and each document is parsed by the `yaml` library on its own, so a broken document is one problem at
 * its line and the next document is read as usual. A list's items each carry their own line.
 */
export class YamlDocuments {
  private lines: string[] = [];
  private size = 0;
  private startLine = 0;
  /** The open document grew past the limit: its other lines are dropped up to the next marker. */
  private oversize = false;

  constructor(private readonly maxBytes: number) {}

  push(no: number, text: string, out: RecordItem[]): void {
    if (DOCUMENT_START.test(text)) {
      this.finish(out);
      const rest = text.slice(3);
      // `--- {…}` or `--- !tag`: content on the marker line belongs to the new document.
      if (rest.trim() !== "" && !rest.trimStart().startsWith("#")) this.add(no, rest);
      return;
    }
    if (DOCUMENT_END.test(text)) {
      this.finish(out);
      return;
    }
    this.add(no, text);
  }

  /** A line too long to keep: the document it belongs to is over the limit too. */
  oversizeLine(no: number): void {
    if (this.lines.length === 0 && !this.oversize) this.startLine = no;
    this.oversize = true;
    this.lines = [];
  }

  finish(out: RecordItem[]): void {
    const { lines, startLine, oversize } = this;
    this.lines = [];
    this.size = 0;
    this.startLine = 0;
    this.oversize = false;
    if (oversize) {
      out.push({ kind: "invalid", line: startLine, reason: `YAML document exceeds ${formatBytes(this.maxBytes)}` });
      return;
    }
    if (lines.length === 0) return;
    readDocument(lines.join("\n"), startLine, out);
  }

  private add(no: number, text: string): void {
    if (this.oversize) return;
    if (this.lines.length === 0) {
      // Blank lines and comments between documents start none.
      const trimmed = text.trim();
      if (trimmed === "" || trimmed.startsWith("#")) return;
      this.startLine = no;
    }
    this.size += text.length + 1;
    if (this.size > this.maxBytes) {
      this.oversize = true;
      this.lines = [];
      return;
    }
    this.lines.push(text);
  }
}

function readDocument(source: string, startLine: number, out: RecordItem[]): void {
  const lineCounter = new LineCounter();
  // The core schema (YAML 1.2) keeps timestamps as strings, as the event schema expects them.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number) => startLine + lineCounter.linePos(offset).line - 1;
  const error = doc.errors[0];
  if (error) {
    out.push({ kind: "invalid", line: lineOf(error.pos[0]), reason: `not YAML: ${firstLine(error.message)}` });
    return;
  }
  const contents = doc.contents;
  if (contents === null) return;
  const list = listOf(contents);
  if (!list) {
    pushValue(() => doc.toJS({ maxAliasCount: 100 }), lineOf(contents.range?.[0] ?? 0), out);
    return;
  }
  for (const item of list) {
    const at = item.range?.[0] ?? contents.range?.[0] ?? 0;
    pushValue(() => item.toJS(doc, { maxAliasCount: 100 }), lineOf(at), out);
  }
}

/** A sequence, or an EventList's `items`: its events, each read (and reported) at its own line. */
function listOf(contents: Node): Node[] | null {
  if (isSeq(contents)) return contents.items.filter((i): i is Node => i !== null && typeof i === "object" && "range" in i);
  if (!isMap(contents) || contents.has("auditID")) return null;
  const items = contents.get("items", true);
  return isSeq(items) ? items.items.filter((i): i is Node => i !== null && typeof i === "object" && "range" in i) : null;
}

function pushValue(toJS: () => unknown, line: number, out: RecordItem[]): void {
  let value: unknown;
  try {
    value = toJS();
  } catch (err) {
    // Aliases past maxAliasCount (a "billion laughs" document) and the like.
    out.push({ kind: "invalid", line, reason: `not YAML: ${firstLine(err instanceof Error ? err.message : String(err))}` });
    return;
  }
  out.push({ kind: "value", line, value, text: null, format: "YAML" });
}

function firstLine(message: string): string {
  const line = message.split("\n")[0] ?? message;
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line;
}
