import "server-only";
import type { Db } from "./db";
import { BlockCache } from "./request-events";
import { decodeStageEvents, encodeStageEvents, type StoredEvent } from "./stage-events";

/** Requests read per step; a step's blocks mostly repeat the previous step's, which the cache keeps. */
const PAGE = 2000;

export type StoredRequest = { id: number; events: StoredEvent[] };

/** One page of requests with their stage events, and the inflated blocks those events are in. */
export type StoredPage = { requests: StoredRequest[]; blocks: Map<number, Buffer> };

export const textOf = (blocks: Map<number, Buffer>, e: StoredEvent): string =>
  blocks.get(e.blockId)?.toString("utf8", e.offset, e.offset + e.length) ?? "";

/**
 * Calls `visit` with every request's stage events, in id order, a page at a time, each page in a
 * transaction of its own (a savepoint inside a migration's); the requests `visit` returns, whose events
 * it changed, are written back. The store's statements run between reads of pages, never during one
 * (better-sqlite3 runs one at a time).
 */
export function forEachStoredPage(db: Db, visit: (page: StoredPage) => StoredRequest[]): void {
  const read = db.prepare<[number, number], { id: number; events: Buffer | null }>("SELECT id, events FROM requests WHERE id > ? ORDER BY id LIMIT ?");
  const update = db.prepare<[Buffer, number]>("UPDATE requests SET events = ? WHERE id = ?");
  const cache = new BlockCache(8);
  let after = 0;
  for (;;) {
    const rows = read.all(after, PAGE);
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    const requests = rows.map((r) => ({ id: r.id, events: decodeStageEvents(r.events) }));
    const blocks = cache.get(db, new Set(requests.flatMap((r) => r.events.map((e) => e.blockId))));
    db.transaction(() => {
      for (const r of visit({ requests, blocks })) update.run(encodeStageEvents(r.events), r.id);
    })();
  }
}
