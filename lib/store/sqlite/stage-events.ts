/**
 * A request's stage events, as the request row keeps them (requests.events, migration 0013): where each
 * original event is in the compressed blocks, with what deduplication and the request page need. One row
 * per request instead of one per event plus an index saves about 37 bytes and two B-tree inserts an event.
 *
 * Per event, in arrival order: LEB128 varints of (stage << 2 | flags), stage time (the first absolute,
 * then zigzag deltas from the one before: exact for times up to 2^52 µs, past the year 2100), run,
 * block, offset and length; then the 48-bit content hash in 6 bytes.
 */
export type StoredEvent = {
  stage: number;
  stageUs: number;
  /** 48 bits of SHA-1 over the raw text (normalize.ts). */
  hash: number;
  runId: number;
  blockId: number;
  offset: number;
  length: number;
  /** EVENT_FLAG bits (two). */
  flags: number;
};

const TWO_32 = 2 ** 32;

/** Unsigned LEB128 of a non-negative integer up to 2^53: arithmetic, since bit operators stop at 32 bits. */
function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (n: number): number => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

export function encodeStageEvents(events: readonly StoredEvent[]): Buffer {
  const out: number[] = [];
  let previousUs = 0;
  events.forEach((e, i) => {
    writeVarint(out, e.stage * 4 + e.flags);
    writeVarint(out, i === 0 ? e.stageUs : zigzag(e.stageUs - previousUs));
    previousUs = e.stageUs;
    writeVarint(out, e.runId);
    writeVarint(out, e.blockId);
    writeVarint(out, e.offset);
    writeVarint(out, e.length);
    const high = Math.floor(e.hash / TWO_32);
    const low = e.hash - high * TWO_32;
    out.push((high >>> 8) & 0xff, high & 0xff, (low >>> 24) & 0xff, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff);
  });
  return Buffer.from(out);
}

export function decodeStageEvents(data: Uint8Array | null): StoredEvent[] {
  if (!data) return [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (at >= data.length) throw new Error("stage events: truncated");
      const byte = data[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  const events: StoredEvent[] = [];
  let previousUs = 0;
  while (at < data.length) {
    const head = varint();
    const timeField = varint();
    const stageUs = events.length === 0 ? timeField : previousUs + unzigzag(timeField);
    previousUs = stageUs;
    const runId = varint();
    const blockId = varint();
    const offset = varint();
    const length = varint();
    if (at + 6 > data.length) throw new Error("stage events: truncated");
    const high = data[at]! * 256 + data[at + 1]!;
    const low = ((data[at + 2]! << 24) >>> 0) + data[at + 3]! * 65536 + data[at + 4]! * 256 + data[at + 5]!;
    at += 6;
    events.push({ stage: Math.floor(head / 4), flags: head % 4, stageUs, hash: high * TWO_32 + low, runId, blockId, offset, length });
  }
  return events;
}
