import { STAGES, type Stage } from "@/lib/audit/event";
import { BlockPacker, type PackedBlock, type PackedRaw } from "@/lib/store/raw-blocks";
import { contentHashOfBytes } from "../content-hash";
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
  /** Compressed blocks of the raw events (lib/store/raw-blocks.ts), in input order. */
  blocks: Uint8Array[];
};

const STRING_FIELDS = [
  "auditID", "verb", "user", "groups", "impersonatedUser", "sourceIP", "userAgent", "apiGroup",
  "apiVersion", "resource", "subresource", "namespace", "name", "uri", "reason", "message", "cluster",
] as const satisfies readonly (keyof NormalizedEvent)[];

const NUMBER_FIELDS = ["stageRank", "level", "receivedUs", "stageUs", "code", "decision", "hash", "flags", "block", "offset", "length"] as const;
const N = NUMBER_FIELDS.length;
const S = STRING_FIELDS.length;
const at = Object.fromEntries(NUMBER_FIELDS.map((f, i) => [f, i])) as Record<(typeof NUMBER_FIELDS)[number], number>;
const TRUNCATED = 1;
const TIMED = 2;
const HAS_RECEIVED_TIMESTAMP = 4;
const ONE_TIMESTAMP = 8;

/**
 * Builds one WireBatch event by event. Each raw text goes straight into the blocks and is hashed there,
 * so no event outlives its `add`: a message's worth of parsed text is never held, and never survives a scavenge into the old
 * generation.
 */
export class WireBuilder {
  private strings: string[] = [];
  private index = new Map<string, number>();
  private refs: Int32Array;
  private numbers: Float64Array;
  private packer = new BlockPacker();
  private count = 0;

  constructor(private readonly capacity: number) {
    this.refs = new Int32Array(capacity * S);
    this.numbers = new Float64Array(capacity * N);
  }

  get size(): number {
    return this.count;
  }

  /** Adds an event whose raw text is still a string; its `hash` (content-hash.ts) is computed here, over the encoded bytes. */
  add(e: NormalizedEvent): void {
    if (typeof e.raw !== "string") throw new Error("WireBuilder takes events with their raw text");
    if (this.count === this.capacity) throw new Error(`a wire batch holds at most ${this.capacity} events`);
    const i = this.count++;
    const { refs, numbers, index, strings } = this;
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
    const placed = this.packer.add(e.raw);
    const base = i * N;
    numbers[base + at.stageRank] = e.stageRank;
    numbers[base + at.level] = e.level;
    numbers[base + at.receivedUs] = e.receivedUs;
    numbers[base + at.stageUs] = e.stageUs;
    numbers[base + at.code] = e.code ?? NaN;
    numbers[base + at.decision] = e.decision ?? NaN;
    numbers[base + at.hash] = contentHashOfBytes(placed.bytes);
    numbers[base + at.flags] = (e.truncated ? TRUNCATED : 0) | (e.timed ? TIMED : 0) | (e.hasReceivedTimestamp ? HAS_RECEIVED_TIMESTAMP : 0) | (e.oneTimestamp ? ONE_TIMESTAMP : 0);
    numbers[base + at.block] = placed.block;
    numbers[base + at.offset] = placed.offset;
    numbers[base + at.length] = placed.bytes.length;
  }

  /** The batch so far, ready to post (see transferables); the builder starts a new one. */
  take(): WireBatch {
    const count = this.count;
    // Transferring a buffer hands over all of its ArrayBuffer: give each block one of its own.
    const blocks = this.packer.take().map((b) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? new Uint8Array(b.buffer) : new Uint8Array(b)));
    const batch = { count, strings: this.strings, refs: this.refs.slice(0, count * S), numbers: this.numbers.slice(0, count * N), blocks };
    this.strings = [];
    this.index = new Map();
    this.count = 0;
    return batch;
  }
}

/** The ArrayBuffers postMessage can hand over instead of copying. */
export function transferables(batch: WireBatch): ArrayBuffer[] {
  return [batch.refs.buffer, batch.numbers.buffer, ...batch.blocks.map((b) => b.buffer)] as ArrayBuffer[];
}

/** A batch's columns on the writer's side, with its blocks ready to store. */
type Columns = { strings: string[]; refs: Int32Array; numbers: Float64Array; blocks: PackedBlock[] };

/**
 * One event of a received batch, read from the batch's columns when a field is asked for. The writer
 * keeps a batch's events for its whole transaction, long enough to survive a scavenge: as objects of all
 * ~30 fields each they cost it one more copy into the old generation per batch (~5 MB), of which it
 * reads most fields once, and the descriptive ones only for a request's best stage.
 */
class WireEvent implements NormalizedEvent {
  declare readonly auditID: string;
  declare readonly verb: string;
  declare readonly user: string | null;
  declare readonly groups: string | null;
  declare readonly impersonatedUser: string | null;
  declare readonly sourceIP: string | null;
  declare readonly userAgent: string | null;
  declare readonly apiGroup: string | null;
  declare readonly apiVersion: string | null;
  declare readonly resource: string | null;
  declare readonly subresource: string | null;
  declare readonly namespace: string | null;
  declare readonly name: string | null;
  declare readonly uri: string;
  declare readonly reason: string | null;
  declare readonly message: string | null;
  declare readonly cluster: string | null;

  constructor(
    private readonly columns: Columns,
    private readonly i: number,
  ) {}

  private num(field: number): number {
    return this.columns.numbers[this.i * N + field]!;
  }

  private orNull(field: number): number | null {
    const n = this.num(field);
    return Number.isNaN(n) ? null : n;
  }

  get stageRank(): number {
    return this.num(at.stageRank);
  }
  get stage(): Stage {
    return STAGES[this.stageRank]!;
  }
  get level(): number {
    return this.num(at.level);
  }
  get receivedUs(): number {
    return this.num(at.receivedUs);
  }
  get stageUs(): number {
    return this.num(at.stageUs);
  }
  get code(): number | null {
    return this.orNull(at.code);
  }
  get decision(): number | null {
    return this.orNull(at.decision);
  }
  get hash(): number {
    return this.num(at.hash);
  }
  get truncated(): boolean {
    return (this.num(at.flags) & TRUNCATED) !== 0;
  }
  get timed(): boolean {
    return (this.num(at.flags) & TIMED) !== 0;
  }
  get oneTimestamp(): boolean {
    return (this.num(at.flags) & ONE_TIMESTAMP) !== 0;
  }
  get hasReceivedTimestamp(): boolean {
    return (this.num(at.flags) & HAS_RECEIVED_TIMESTAMP) !== 0;
  }
  get raw(): PackedRaw {
    return { block: this.columns.blocks[this.num(at.block)]!, offset: this.num(at.offset), length: this.num(at.length) };
  }
}

for (const [f, field] of STRING_FIELDS.entries()) {
  Object.defineProperty(WireEvent.prototype, field, {
    get(this: { columns: Columns; i: number }): string | null {
      const ref = this.columns.refs[this.i * S + f]!;
      return ref < 0 ? null : this.columns.strings[ref]!;
    },
  });
}

export function decodeBatch(batch: WireBatch): NormalizedEvent[] {
  const blocks: PackedBlock[] = batch.blocks.map((b) => ({ data: Buffer.from(b.buffer, b.byteOffset, b.byteLength), id: null }));
  const columns: Columns = { strings: batch.strings, refs: batch.refs, numbers: batch.numbers, blocks };
  const events: NormalizedEvent[] = new Array(batch.count);
  for (let i = 0; i < batch.count; i++) events[i] = new WireEvent(columns, i);
  return events;
}
