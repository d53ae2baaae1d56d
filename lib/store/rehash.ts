import "server-only";
import { parseRawEvent } from "@/lib/audit/raw-event";
import type { AuditEvent } from "@/lib/audit/event";
import { canonicalText, hash48 } from "@/lib/ingest/normalize";
import type { Db } from "./db";
import { BlockCache } from "./request-events";
import { decodeStageEvents, encodeStageEvents, type StoredEvent } from "./stage-events";

/** Requests read per step; a step's blocks mostly repeat the previous step's, which the cache keeps. */
const PAGE = 2000;

export type StoredEventVisit = {
  requestId: number;
  events: StoredEvent[];
  /** The text of one of `events`. */
  text: (e: StoredEvent) => string;
};

/**
 * Calls `visit` with every request's stage events, in id order, a page at a time; a page's requests whose
 * events `visit` says it changed are written back. The store's statements run between pages, never while
 * one is being read (better-sqlite3 allows one at a time).
 */
export function forEachStoredRequest(db: Db, visit: (v: StoredEventVisit) => boolean, onPage?: () => void): void {
  const page = db.prepare<[number, number], { id: number; events: Buffer | null }>("SELECT id, events FROM requests WHERE id > ? ORDER BY id LIMIT ?");
  const update = db.prepare<[Buffer, number]>("UPDATE requests SET events = ? WHERE id = ?");
  const cache = new BlockCache(8);
  let after = 0;
  for (;;) {
    const rows = page.all(after, PAGE);
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    const lists = rows.map((r) => ({ id: r.id, events: decodeStageEvents(r.events) }));
    const blocks = cache.get(db, new Set(lists.flatMap((l) => l.events.map((e) => e.blockId))));
    const text = (e: StoredEvent) => blocks.get(e.blockId)?.toString("utf8", e.offset, e.offset + e.length) ?? "";
    for (const { id, events } of lists) {
      if (visit({ requestId: id, events, text })) update.run(encodeStageEvents(events), id);
    }
    onPage?.();
  }
}

/** Migration 0021: every stored event's hash recomputed over its canonical content. */
export function rehashStoredEvents(db: Db): void {
  forEachStoredRequest(db, ({ events, text }) => {
    let changed = false;
    for (const e of events) {
      const event = parseRawEvent(text(e));
      if (event === null) continue;
      const hash = hash48(canonicalText(event as AuditEvent));
      if (hash !== e.hash) {
        e.hash = hash;
        changed = true;
      }
    }
    return changed;
  });
}
