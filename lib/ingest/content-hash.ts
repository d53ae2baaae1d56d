import { hash } from "node:crypto";

/**
 * What deduplication compares: an event's content, whichever backend delivered it. The API server's log
 * backend writes each event with `kind`/`apiVersion` first; its webhook backend sends the same bytes
 * without them, as items of an EventList (records.ts keeps each item's own text). Go's encoder escapes
 * `<`, `>`, `&`, U+2028/2029, backspace and form feed as `\u…`, where JSON.stringify (the stored text of an
 * item unwrapped without its own text, and of every event stored before 0021) writes them as they are
 * or as `\b`/`\f`. The canonical content is the text past its opening brace and envelope, with those
 * escapes written JSON.stringify's way: one event from either backend, either way, hashes alike.
 */

/** The first 48 bits of SHA-1 over the text, or over bytes that are its UTF-8 (the same value). */
export function hash48(data: string | Uint8Array): number {
  return hash("sha1", data, "buffer").readUIntBE(0, 6);
}

/** `{"kind":"Event","apiVersion":"audit.k8s.io/v1",` (either order) at the start of an event's text. */
const ENVELOPE = /^\{(?:"kind":"Event","apiVersion":"audit\.k8s\.io\/[^"]{0,24}"|"apiVersion":"audit\.k8s\.io\/[^"]{0,24}","kind":"Event"),/;

/** Longer than any envelope ENVELOPE matches (24 characters of version at most), so both hashes agree. */
const ENVELOPE_PEEK = 96;

/** A `\u` escape Go writes and JSON.stringify does not, not preceded by an escaped backslash. */
const GO_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(003[cCeE]|0026|202[89]|0008|000[cC])/g;
const AS_STRINGIFY: Record<string, string> = {
  "003c": "<", "003e": ">", "0026": "&", "2028": "\u2028", "2029": "\u2029", "0008": "\\b", "000c": "\\f",
};

/** Where the canonical content starts: after the opening brace and the envelope (ASCII: bytes = characters). */
function contentStart(text: string): number {
  const m = ENVELOPE.exec(text);
  return m ? m[0].length : text.startsWith("{") ? 1 : 0;
}

export function canonicalContent(text: string): string {
  const body = text.slice(contentStart(text));
  return body.includes("\\u") ? body.replace(GO_ESCAPE, (_, slashes: string, code: string) => slashes + AS_STRINGIFY[code.toLowerCase()]!) : body;
}

/** The content hash of an event's stored text. */
export function contentHash(text: string): number {
  return hash48(canonicalContent(text));
}

const BACKSLASH_U = Buffer.from("\\u");

/** contentHash of an event's UTF-8 bytes, decoding them only when they hold a `\u` escape. */
export function contentHashOfBytes(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buffer.indexOf(BACKSLASH_U) >= 0) return contentHash(buffer.toString("utf8"));
  return hash48(buffer.subarray(contentStart(buffer.toString("latin1", 0, ENVELOPE_PEEK))));
}
