import "server-only";
import fs from "node:fs";
import type { StoreInfo } from "@/lib/retention/types";
import { formatMicros } from "@/lib/time/micros";
import type { Db } from "./db";

const fileSize = (file: string): number => {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
};

/** Page counts from SQLite and sizes from the file system; counts from the rollups and runs, never a scan. */
export function storeInfoFrom(db: Db): StoreInfo {
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  const pageCount = db.pragma("page_count", { simple: true }) as number;
  const freePages = db.pragma("freelist_count", { simple: true }) as number;
  const row = db
    .prepare<[], { requests: number; events: number; runs: number; oldest: number | null; newest: number | null }>(
      `SELECT (SELECT coalesce(sum(n), 0) FROM request_combos) AS requests,
              (SELECT coalesce(sum(added - removed), 0) FROM runs) AS events,
              (SELECT count(*) FROM runs) AS runs,
              (SELECT min(ts) FROM requests) AS oldest, (SELECT max(ts) FROM requests) AS newest`,
    )
    .get()!;
  return {
    file: db.name,
    fileBytes: fileSize(db.name),
    walBytes: fileSize(`${db.name}-wal`),
    pageSize,
    pageCount,
    freePages,
    usedBytes: (pageCount - freePages) * pageSize,
    requests: row.requests,
    events: row.events,
    runs: row.runs,
    oldest: row.oldest === null ? null : formatMicros(row.oldest),
    newest: row.newest === null ? null : formatMicros(row.newest),
  };
}
