import { STAGES, type Stage } from "@/lib/audit/event";
import { packBlocks, type PackedBlock } from "@/lib/store/block-codec";
import type { NormalizedEvent } from "../normalize";

/**
 * Normalized events packed for postMessage. Structured clone of plain objects costs the receiving
 * thread ~3 µs an event — as much as writing it — so the worker sends columns instead: numbers in one
 * Float64Array, strings as indexes into one table that holds each distinct string of the batch once
 * (verbs, users, agents, … repeat on almost every line), and the raw events already compressed into
 * the store's blocks, which the writer stores as they are. The binary parts are transferred, not copied.
 */
export type WireBatch = {
  count: number;
  strings: string[];
  /** Per event, STRING_FIELDS in order: index into `strings`, or -1 for null. */
  refs: Int32Array;
  /** Per event, NUMBER_FIELDS in order; NaN stands for null. */
  numbers: Float64Array;
  /** Compressed blocks of the raw events (block-codec.ts), in input order. */
  blocks: Uint8Array[];
};

const STRING_FIELDS = [
  "auditID", "verb", "user", "groups", "impersonatedUser", "sourceIP", "userAgent", "apiGroup",
  "apiVersion", "resource", "subresource", "namespace", "name", "uri", "reason", "message",
] as const satisfies readonly (keyof NormalizedEvent)[];

const NUMBER_FIELDS = ["stageRank", "level", "receivedUs", "stageUs", "code", "decision", "hash", "auditKey", "flags", "block", "offset", "length"] as const;
const N = NUMBER_FIELDS.length;
const S = STRING_FIELDS.length;
const si = Object.fromEntries(STRING_FIELDS.map((f, i) => [f, i])) as Record<(typeof STRING_FIELDS)[number], number>;
const at = Object.fromEntries(NUMBER_FIELDS.map((f, i) => [f, i])) as Record<(typeof NUMBER_FIELDS)[number], number>;
const TRUNCATED = 1;
const TIMED = 2;

export function encodeBatch(events: NormalizedEvent[]): WireBatch {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const refs = new Int32Array(events.length * S);
  const numbers = new Float64Array(events.length * N);
  // One allocation for every raw event: a Buffer per event would leave a batch's worth of garbage
  // outside the V8 heap, which the collector notices late.
  const texts = events.map((e) => {
    if (typeof e.raw !== "string") throw new Error("encodeBatch takes events with their raw text");
    return e.raw;
  });
  let total = 0;
  for (const text of texts) total += Buffer.byteLength(text, "utf8");
  const raw = Buffer.allocUnsafeSlow(total);
  const slices: Buffer[] = [];
  let offset = 0;
  events.forEach((e, i) => {
    for (let f = 0; f < S; f++) {
      const value = e[STRING_FIELDS[f]!];
      if (value === null) {
        refs[i * S + f] = -1;
        continue;
      }
      let id = index.get(value);
      if (id === undefined) {
        id = strings.push(value) - 1;
        index.set(value, id);
      }
      refs[i * S + f] = id;
    }
    const base = i * N;
    numbers[base + at.stageRank] = e.stageRank;
    numbers[base + at.level] = e.level;
    numbers[base + at.receivedUs] = e.receivedUs;
    numbers[base + at.stageUs] = e.stageUs;
    numbers[base + at.code] = e.code ?? NaN;
    numbers[base + at.decision] = e.decision ?? NaN;
    numbers[base + at.hash] = e.hash;
    numbers[base + at.auditKey] = e.auditKey;
    numbers[base + at.flags] = (e.truncated ? TRUNCATED : 0) | (e.timed ? TIMED : 0);
    const length = raw.write(texts[i]!, offset, "utf8");
    slices.push(raw.subarray(offset, offset + length));
    offset += length;
  });
  let next = 0;
  const blocks = packBlocks(slices, (block, within, length) => {
    const base = next++ * N;
    numbers[base + at.block] = block;
    numbers[base + at.offset] = within;
    numbers[base + at.length] = length;
  });
  // Transferring a buffer hands over all of its ArrayBuffer: give each block one of its own.
  const owned = blocks.map((b) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? new Uint8Array(b.buffer) : new Uint8Array(b)));
  return { count: events.length, strings, refs, numbers, blocks: owned };
}

/** The ArrayBuffers postMessage can hand over instead of copying. */
export function transferables(batch: WireBatch): ArrayBuffer[] {
  return [batch.refs.buffer, batch.numbers.buffer, ...batch.blocks.map((b) => b.buffer)] as ArrayBuffer[];
}

export function decodeBatch(batch: WireBatch): NormalizedEvent[] {
  const { strings, refs, numbers } = batch;
  const blocks: PackedBlock[] = batch.blocks.map((b) => ({ data: Buffer.from(b.buffer, b.byteOffset, b.byteLength), id: null }));
  const events: NormalizedEvent[] = new Array(batch.count);
  const str = (i: number, f: number): string | null => {
    const ref = refs[i * S + f]!;
    return ref < 0 ? null : strings[ref]!;
  };
  const num = (i: number, f: number): number => numbers[i * N + f]!;
  const orNull = (n: number): number | null => (Number.isNaN(n) ? null : n);
  for (let i = 0; i < batch.count; i++) {
    const stageRank = num(i, at.stageRank);
    const flags = num(i, at.flags);
    events[i] = {
      auditID: str(i, si.auditID)!,
      stage: STAGES[stageRank] as Stage,
      stageRank,
      level: num(i, at.level),
      receivedUs: num(i, at.receivedUs),
      stageUs: num(i, at.stageUs),
      verb: str(i, si.verb)!,
      user: str(i, si.user),
      groups: str(i, si.groups),
      impersonatedUser: str(i, si.impersonatedUser),
      sourceIP: str(i, si.sourceIP),
      userAgent: str(i, si.userAgent),
      apiGroup: str(i, si.apiGroup),
      apiVersion: str(i, si.apiVersion),
      resource: str(i, si.resource),
      subresource: str(i, si.subresource),
      namespace: str(i, si.namespace),
      name: str(i, si.name),
      uri: str(i, si.uri)!,
      reason: str(i, si.reason),
      message: str(i, si.message),
      code: orNull(num(i, at.code)),
      decision: orNull(num(i, at.decision)),
      truncated: (flags & TRUNCATED) !== 0,
      timed: (flags & TIMED) !== 0,
      raw: { block: blocks[num(i, at.block)]!, offset: num(i, at.offset), length: num(i, at.length) },
      hash: num(i, at.hash),
      auditKey: num(i, at.auditKey),
    };
  }
  return events;
}
