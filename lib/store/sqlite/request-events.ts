import "server-only";
import { STAGES } from "@/lib/audit/event";
import type { StageEvent } from "@/lib/store/types";
import { formatMicros } from "@/lib/time/micros";
import { decompressBlock } from "@/lib/store/raw-blocks";
import type { Db } from "./db";
import { decodeStageEvents } from "./stage-events";
import { EVENT_FLAG } from "@/lib/audit/request-flags";

/**
 * Inflated blocks, least recently used evicted. Requests listed newest first sit in few neighbouring
 * blocks, so a handful of them spare re-inflating a block for each request of a batch (or of the next).
 */
export class BlockCache {
  private readonly blocks = new Map<number, Buffer>();
  constructor(private readonly capacity = 32) {}

  get(db: Db, ids: Iterable<number>): Map<number, Buffer> {
    const out = new Map<number, Buffer>();
    const missing: number[] = [];
    for (const id of ids) {
      const hit = this.blocks.get(id);
      if (hit) {
        this.blocks.delete(id);
        this.blocks.set(id, hit);
        out.set(id, hit);
      } else if (!out.has(id)) missing.push(id);
    }
    if (missing.length > 0) {
      const rows = db
        .prepare<[string], { id: number; codec: number; data: Buffer }>(
          "SELECT id, codec, data FROM blocks WHERE id IN (SELECT value FROM json_each(?))",
        )
        .all(JSON.stringify(missing));
      for (const row of rows) {
        const block = decompressBlock(row.codec, row.data);
        out.set(row.id, block);
        this.blocks.set(row.id, block);
      }
      while (this.blocks.size > Math.max(this.capacity, out.size)) this.blocks.delete(this.blocks.keys().next().value!);
    }
    return out;
  }
}

/**
 * The original stage events of many requests at once, by stage then arrival, numbered from 1 in that
 * order: one query for the requests' event lists, each block read and inflated once per batch
 * (getRequestFrom does one request, for the request page).
 */
export function eventsOfRequests(db: Db, requestIds: readonly number[], cache = new BlockCache()): Map<number, StageEvent[]> {
  const out = new Map<number, StageEvent[]>(requestIds.map((id) => [id, []]));
  if (requestIds.length === 0) return out;
  const rows = db
    .prepare<[string], { id: number; events: Buffer | null }>("SELECT id, events FROM requests WHERE id IN (SELECT value FROM json_each(?))")
    .all(JSON.stringify(requestIds));
  const lists = rows.map((r) => ({ id: r.id, events: decodeStageEvents(r.events).sort((a, b) => a.stage - b.stage) }));
  const blocks = cache.get(db, new Set(lists.flatMap((l) => l.events.map((e) => e.blockId))));
  for (const { id, events } of lists) {
    out.set(
      id,
      events.map((e, i) => {
        const block = blocks.get(e.blockId);
        return {
          id: i + 1,
          stage: STAGES[e.stage] ?? "Unknown",
          time: formatMicros(e.stageUs),
          raw: block ? block.toString("utf8", e.offset, e.offset + e.length) : "",
          runId: e.runId,
          conflict: (e.flags & EVENT_FLAG.conflict) !== 0,
        };
      }),
    );
  }
  return out;
}
