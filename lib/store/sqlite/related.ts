import "server-only";
import type { Scopes } from "@/lib/query/scope";
import { filterToSql } from "./tree-to-sql";
import type { RequestRow } from "@/lib/store/types";
import type { Db } from "./db";
import { ROW_COLUMNS, ROW_JOINS, toRow, type DbRow } from "./requests";

export const RELATED_WINDOW_US = 5 * 60 * 1_000_000;

export type Related = {
  /** The closest requests in time, oldest first. */
  items: RequestRow[];
  /** How many requests the user made in the window (this one excluded). */
  total: number;
};

/**
 * What else the same user did in the same cluster within ±5 minutes of a request: the context an
 * investigator reads around one event. Served by the (user_id, ts) index.
 */
export function relatedRequestsFrom(db: Db, id: number, limit = 20, scopes: Scopes = null): Related {
  const self = db
    .prepare<[number], { ts: number; user_id: number | null; cluster_id: number }>("SELECT ts, user_id, cluster_id FROM requests WHERE id = ?")
    .get(id);
  if (!self || self.user_id === null) return { items: [], total: 0 };
  const scope = filterToSql({ scopes }, { newestUs: null });
  const window = [self.user_id, self.ts - RELATED_WINDOW_US, self.ts + RELATED_WINDOW_US, self.cluster_id, id, ...scope.params] as const;
  const where = `r.user_id = ? AND r.ts BETWEEN ? AND ? AND r.cluster_id = ? AND r.id <> ? AND ${scope.sql}`;
  const total = db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM requests r WHERE ${where}`).get(...window)!.n;
  const rows = db
    .prepare<unknown[], DbRow>(
      `SELECT ${ROW_COLUMNS} FROM requests r ${ROW_JOINS} WHERE ${where}
       ORDER BY abs(r.ts - ?), r.id LIMIT ?`,
    )
    .all(...window, self.ts, limit);
  rows.sort((a, b) => a.ts - b.ts || a.id - b.id);
  return { items: rows.map(toRow), total };
}

