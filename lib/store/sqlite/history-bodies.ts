import "server-only";
import { addBodies, type Bodies } from "@/lib/audit/object-versions";
import { parseRawEvent } from "@/lib/audit/raw-event";
import { decompressBlockPrefix } from "@/lib/store/raw-blocks";
import type { Db } from "./db";
import { decodeStageEvents, type StoredEvent } from "./stage-events";

/** Requests whose bodies are read at a time: a batch's blocks (up to 2 MiB each) are held together. */
const BODY_BATCH = 16;

/**
 * Inflated starts of blocks, the least recently used evicted past `capacity`: the page's requests and the
 * search for the version before them may read the same block, and one block may be read further than a
 * first read needed.
 */
class BlockStarts {
  private readonly starts = new Map<number, Buffer>();

  constructor(
    private readonly db: Db,
    private readonly capacity = 2 * BODY_BATCH,
  ) {}

  /** Makes each block's start cover the bytes asked of it: one query for every block missing or too short. */
  load(ends: Map<number, number>): void {
    const missing: number[] = [];
    for (const [id, end] of ends) {
      const start = this.starts.get(id);
      this.starts.delete(id);
      if (start && start.length >= end) this.starts.set(id, start);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const rows = this.db
        .prepare<[string], { id: number; codec: number; data: Buffer }>("SELECT id, codec, data FROM blocks WHERE id IN (SELECT value FROM json_each(?))")
        .all(JSON.stringify(missing));
      for (const row of rows) this.starts.set(row.id, decompressBlockPrefix(row.codec, row.data, ends.get(row.id)!));
    }
    // Those just asked for are the newest entries: evicting stops short of them.
    for (const id of this.starts.keys()) {
      if (this.starts.size <= Math.max(this.capacity, ends.size)) break;
      this.starts.delete(id);
    }
  }

  text(e: StoredEvent): string {
    const block = this.starts.get(e.blockId);
    return block ? block.toString("utf8", e.offset, e.offset + e.length) : "";
  }
}

/** Each stored request's stage events, in stage order; within a stage, in the order they arrived (a stable sort). */
function stageEventLists(db: Db, requestIds: readonly number[]): { id: number; events: StoredEvent[] }[] {
  return db
    .prepare<[string], { id: number; events: Buffer | null }>("SELECT id, events FROM requests WHERE id IN (SELECT value FROM json_each(?))")
    .all(JSON.stringify(requestIds))
    .map((r) => ({ id: r.id, events: decodeStageEvents(r.events).sort((a, b) => a.stage - b.stage) }));
}

/** Reads the bodies of requests for one object's history, each block inflated only as far as needed. */
export class BodyReader {
  private readonly blocks: BlockStarts;

  constructor(private readonly db: Db) {
    this.blocks = new BlockStarts(db);
  }

  /** The bodies each request logged (addBodies over its stage events, in stage order); none for a request without. */
  read(requestIds: readonly number[]): Map<number, Bodies> {
    const out = new Map<number, Bodies>();
    for (let i = 0; i < requestIds.length; i += BODY_BATCH) this.readBatch(requestIds.slice(i, i + BODY_BATCH), out);
    return out;
  }

  private readBatch(requestIds: readonly number[], out: Map<number, Bodies>): void {
    const lists = stageEventLists(this.db, requestIds);
    const ends = new Map<number, number>();
    for (const e of lists.flatMap((l) => l.events)) ends.set(e.blockId, Math.max(ends.get(e.blockId) ?? 0, e.offset + e.length));
    this.blocks.load(ends);
    for (const { id, events } of lists) {
      const bodies: Bodies = {};
      for (const e of events) {
        const event = parseRawEvent(this.blocks.text(e));
        if (event) addBodies(bodies, event);
      }
      out.set(id, bodies);
    }
  }
}

/** Requests whose stage events are looked up at a time by readBodiesByBlock. */
const BY_BLOCK_BATCH = 1_000;

/**
 * The bodies each request logged, for many requests at once (a batch's body checks): their events are
 * read block by block, each block inflated once, as far as the last event wanted from it, and let go
 * before the next, so at most one inflated block is held. BodyReader keeps up to 32 of them for a page's
 * history; the writer, doing this for every batch, peaked 20 MB higher with it.
 */
export function readBodiesByBlock(db: Db, requestIds: readonly number[]): Map<number, Bodies> {
  const out = new Map<number, Bodies>();
  const block = db.prepare<[number], { codec: number; data: Buffer }>("SELECT codec, data FROM blocks WHERE id = ?");
  for (let i = 0; i < requestIds.length; i += BY_BLOCK_BATCH) {
    const lists = stageEventLists(db, requestIds.slice(i, i + BY_BLOCK_BATCH));
    const byBlock = new Map<number, StoredEvent[]>();
    for (const e of lists.flatMap((l) => l.events)) {
      const list = byBlock.get(e.blockId);
      if (list) list.push(e);
      else byBlock.set(e.blockId, [e]);
    }
    // Parsed while their block is held: a batch's events can be large, and their texts are not kept.
    const parsed = new Map<StoredEvent, ReturnType<typeof parseRawEvent>>();
    for (const [id, events] of byBlock) {
      const row = block.get(id);
      if (!row) continue;
      const start = decompressBlockPrefix(row.codec, row.data, Math.max(...events.map((e) => e.offset + e.length)));
      for (const e of events) parsed.set(e, parseRawEvent(start.toString("utf8", e.offset, e.offset + e.length)));
    }
    for (const { id, events } of lists) {
      const bodies: Bodies = {};
      for (const e of events) {
        const event = parsed.get(e);
        if (event) addBodies(bodies, event);
      }
      out.set(id, bodies);
    }
  }
  return out;
}
