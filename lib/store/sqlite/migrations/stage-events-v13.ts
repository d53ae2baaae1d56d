/**
 * requests.events as migration 0013 defined it, frozen with the migrations that write it (0013, 0021):
 * stage-events.ts is the live codec, and a later change to the format comes with a migration of its own
 * that reads this one. Per event, in arrival order: LEB128 varints of (stage << 2 | flags), stage time
 * (the first absolute, then zigzag deltas), run, block, offset and length; then the 48-bit hash in 6 bytes.
 */
export type EventV13 = {
  stage: number;
  stageUs: number;
  hash: number;
  runId: number;
  blockId: number;
  offset: number;
  length: number;
  flags: number;
};

const TWO_32 = 2 ** 32;

function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

export function encodeEventsV13(events: readonly EventV13[]): Buffer {
  const out: number[] = [];
  let previousUs = 0;
  events.forEach((e, i) => {
    writeVarint(out, e.stage * 4 + e.flags);
    const delta = e.stageUs - previousUs;
    writeVarint(out, i === 0 ? e.stageUs : delta >= 0 ? delta * 2 : -delta * 2 - 1);
    previousUs = e.stageUs;
    for (const n of [e.runId, e.blockId, e.offset, e.length]) writeVarint(out, n);
    const high = Math.floor(e.hash / TWO_32);
    const low = e.hash - high * TWO_32;
    out.push((high >>> 8) & 0xff, high & 0xff, (low >>> 24) & 0xff, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff);
  });
  return Buffer.from(out);
}

export function decodeEventsV13(data: Uint8Array | null): EventV13[] {
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
  const events: EventV13[] = [];
  let previousUs = 0;
  while (at < data.length) {
    const head = varint();
    const timeField = varint();
    const stageUs = events.length === 0 ? timeField : previousUs + (timeField % 2 === 0 ? timeField / 2 : -(timeField + 1) / 2);
    previousUs = stageUs;
    const [runId, blockId, offset, length] = [varint(), varint(), varint(), varint()];
    if (at + 6 > data.length) throw new Error("stage events: truncated");
    const high = data[at]! * 256 + data[at + 1]!;
    const low = ((data[at + 2]! << 24) >>> 0) + data[at + 3]! * 65536 + data[at + 4]! * 256 + data[at + 5]!;
    at += 6;
    events.push({ stage: Math.floor(head / 4), flags: head % 4, stageUs, hash: high * TWO_32 + low, runId, blockId, offset, length });
  }
  return events;
}
