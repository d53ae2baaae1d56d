import "server-only";
import type { Db } from "./db";

/**
 * The received time of the (n+1)th oldest request, or null when the store holds n or fewer: deleting
 * before it deletes the n oldest (fewer where requests share that instant). One walk of n entries of
 * the time index.
 */
export function nthOldestTs(db: Db, n: number): number | null {
  const row = db.prepare<[number], { ts: number }>("SELECT ts FROM requests ORDER BY ts, id LIMIT 1 OFFSET ?").get(Math.max(0, Math.floor(n)));
  return row?.ts ?? null;
}

/** One past the newest request's time: deleting before it deletes every request. */
export function afterNewestTs(db: Db): number | null {
  const row = db.prepare<[], { ts: number | null }>("SELECT max(ts) AS ts FROM requests").get();
  return row?.ts == null ? null : row.ts + 1;
}
