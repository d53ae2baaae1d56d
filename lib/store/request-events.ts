import "server-only";
import { STAGES } from "@/lib/audit/event";
import type { StageEvent } from "@/lib/query/types";
import { formatMicros } from "@/lib/time/micros";
import { decompressBlock } from "./block-codec";
import type { Db } from "./db";
import { EVENT_FLAG } from "./writer";

type EventDbRow = {
  request_id: number;
  id: number;
  stage: number;
  stage_ts: number;
  run_id: number;
  flags: number;
  block_id: number;
  byte_offset: number;
  byte_length: number;
};

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
 * The original stage events of many requests at once: one query for the events, each block read and
 * inflated once per batch (getRequestFrom does one request, for the request page).
 */
export function eventsOfRequests(db: Db, requestIds: readonly number[], cache = new BlockCache()): Map<number, StageEvent[]> {
  const out = new Map<number, StageEvent[]>(requestIds.map((id) => [id, []]));
  if (requestIds.length === 0) return out;
  const rows = db
    .prepare<[string], EventDbRow>(
      `SELECT request_id, id, stage, stage_ts, run_id, flags, block_id, byte_offset, byte_length FROM events
       WHERE request_id IN (SELECT value FROM json_each(?)) ORDER BY request_id, stage, id`,
    )
    .all(JSON.stringify(requestIds));
  const blocks = cache.get(db, new Set(rows.map((r) => r.block_id)));
  for (const e of rows) {
    const block = blocks.get(e.block_id);
    out.get(e.request_id)?.push({
      id: e.id,
      stage: STAGES[e.stage] ?? "Unknown",
      time: formatMicros(e.stage_ts),
      raw: block ? block.toString("utf8", e.byte_offset, e.byte_offset + e.byte_length) : "",
      runId: e.run_id,
      conflict: (e.flags & EVENT_FLAG.conflict) !== 0,
    });
  }
  return out;
}
