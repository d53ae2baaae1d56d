import "server-only";
import { rebatch } from "@/lib/ingest/batch";
import { decodeStream } from "@/lib/ingest/decode";
import { MAX_RECORD_BYTES, splitLines } from "@/lib/ingest/lines";
import { RecordReader, type RecordItem } from "@/lib/ingest/records";
import type { ParsedItem } from "@/lib/ingest/types";
import { unwrap, type Candidate } from "@/lib/ingest/unwrap";
import { validateCandidate } from "@/lib/ingest/validate";

export { MAX_RECORD_BYTES } from "@/lib/ingest/lines";

export type ParseOptions = {
  /** Longest line, and largest multi-line document or array element, accepted. */
  maxRecordBytes?: number;
  /**
   * Longest line parsed whole (default maxRecordBytes); a longer one that starts like JSON has the
   * elements of its list (EventList `items`, an array…) read one by one, as a multi-line document's are.
   */
  wholeLineBytes?: number;
  /** Most text read once decompressed; more fails the parse with TextTooLarge after what came before. */
  maxTextBytes?: number;
  /** Most items per yielded batch. */
  batchSize?: number;
  /** Whether YAML input (told by its first line) is read (default true; a followed file's pieces cannot be). */
  yaml?: boolean;
};

const BATCH_SIZE = 1000;
// How long a partial batch waits for more input before it is yielded anyway (see rebatch).
const BATCH_WAIT_MS = 10;

/**
 * Bytes (plain or gzip, any wrapping Auditlens knows, or YAML) → audit events and problems, in input order, in
 * batches. Each item carries the 1-based line where its record starts; events unwrapped from one
 * record (an EventList line, an array) share that record's line. A corrupt gzip stream or a failing
 * source throws after the items read so far have been yielded.
 */
export async function* parseAuditStream(
  source: AsyncIterable<Uint8Array>,
  options: ParseOptions = {},
): AsyncGenerator<ParsedItem[]> {
  yield* rebatch(parseChunks(source, options), options.batchSize ?? BATCH_SIZE, BATCH_WAIT_MS);
}

/** The input's text, once decompressed, is longer than the caller allows. */
export class TextTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the text exceeds the ${limit}-byte limit once decompressed`);
  }
}

async function* limitText(source: AsyncIterable<Buffer>, limit: number | undefined): AsyncGenerator<Buffer> {
  if (limit === undefined) return yield* source;
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > limit) throw new TextTooLarge(limit);
    yield chunk;
  }
}

/** Parses a whole text held in memory; for tests and small inputs. */
export async function parseAuditText(text: string, options: ParseOptions = {}): Promise<ParsedItem[]> {
  const items: ParsedItem[] = [];
  for await (const batch of parseAuditStream(once(Buffer.from(text, "utf8")), options)) items.push(...batch);
  return items;
}

async function* parseChunks(source: AsyncIterable<Uint8Array>, options: ParseOptions): AsyncGenerator<ParsedItem[]> {
  const maxBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const reader = new RecordReader(maxBytes, options.yaml ?? true);
  const records: RecordItem[] = [];
  const candidates: Candidate[] = [];
  const toItems = (): ParsedItem[] => {
    const items: ParsedItem[] = [];
    for (const record of records) {
      if (record.kind === "invalid") {
        items.push({ kind: "invalid", line: record.line, reason: record.reason });
        continue;
      }
      unwrap(record.value, record.text, candidates);
      for (const candidate of candidates) items.push(validateCandidate(candidate, record.line, record.format));
      candidates.length = 0;
    }
    records.length = 0;
    return items;
  };

  const text = limitText(decodeStream(source), options.maxTextBytes);
  for await (const lines of splitLines(text, { maxLineBytes: maxBytes, wholeLineBytes: options.wholeLineBytes })) {
    for (const line of lines) reader.push(line, records);
    const items = toItems();
    if (items.length > 0) yield items;
  }
  reader.end(records);
  const items = toItems();
  if (items.length > 0) yield items;
}

async function* once(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}
