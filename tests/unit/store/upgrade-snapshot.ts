import { filterFromParams } from "@/lib/query/filter";
import type { RawParams } from "@/lib/query/params";
import type { Db } from "@/lib/store/sqlite/db";
import { objectHistoryFrom, type ObjectKey } from "@/lib/store/sqlite/history";
import { getRequestFrom, listRequestsFrom, summaryFrom } from "@/lib/store/sqlite/requests";
import { statsFrom } from "@/lib/store/sqlite/stats";

/**
 * A store's schema, comparable between a store upgraded from an old version and a fresh one. Each object
 * of sqlite_master with its SQL, and the columns SQLite reports for it: ALTER TABLE edits the stored
 * CREATE text in place (ADD COLUMN appends its definition as written, DROP COLUMN cuts one out), so two
 * equal tables can differ in that text's whitespace; the SQL is compared with whitespace collapsed, and
 * the columns as PRAGMA table_xinfo / index_xinfo give them (type, not null, default, key, hidden).
 */
export function schemaOf(db: Db): unknown[] {
  const objects = db
    .prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>(
      "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name",
    )
    .all();
  return objects.map((o) => ({
    ...o,
    sql: o.sql?.replace(/\s+/g, " ").replace(/\s*([(),])\s*/g, "$1").trim() ?? null,
    columns:
      o.type === "table" ? db.pragma(`table_xinfo("${o.name}")`) : o.type === "index" ? db.pragma(`index_xinfo("${o.name}")`) : null,
  }));
}

/**
 * The rollups' contents, by what they count rather than by row id: combinations are numbered in the
 * order they were first met, which differs between a migration's backfill and the writer.
 */
export function rollupsOf(db: Db): Record<string, unknown[]> {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    combos: all("SELECT key, n FROM request_combos WHERE n <> 0 ORDER BY key"),
    minutes: all("SELECT r.ts, c.key, r.n FROM request_rollup r JOIN request_combos c ON c.id = r.combo_id WHERE r.n <> 0 ORDER BY 1, 2"),
    timeline: all("SELECT ts, verb_id, code, user_id, n FROM request_timeline WHERE n <> 0 ORDER BY 1, 2, 3, 4"),
    bars: all("SELECT ts, verb_id, code, n FROM request_bars WHERE n <> 0 ORDER BY 1, 2, 3"),
    facets: all("SELECT facet, key, a, b, c, n FROM request_facet_counts WHERE n <> 0 ORDER BY 1, 2"),
    combosOfRequests: all("SELECT r.id, c.key FROM requests r JOIN request_combos c ON c.id = r.combo_id ORDER BY r.id"),
  };
}

/** Filters the answers are compared under: URL keys, the query language (free text too), time windows. */
export const FILTERS: RawParams[] = [
  {},
  { verb: "get,list" },
  { user: "alice", namespace: "prod" },
  { code: "403" },
  { cluster: "demo" },
  { noise: "hide" },
  { q: "kubectl OR web" },
  { q: "resource:configmaps" },
  { from: "2024-05-10T12:10:30Z", to: "2024-05-10T13:07:00Z" },
  { range: "24h" },
];

/** What a user sees of the store: summary, stats, pages, requests with their events, object histories. */
export function answersOf(db: Db, objects: ObjectKey[]): Record<string, unknown> {
  const answers: Record<string, unknown> = { summary: summaryFrom(db) };
  const shown = new Set<number>();
  for (const params of FILTERS) {
    const filter = filterFromParams(params);
    const key = JSON.stringify(params);
    const page = listRequestsFrom(db, filter, { limit: 1000 });
    const first = listRequestsFrom(db, filter, { limit: 7 });
    answers[key] = {
      byVerb: statsFrom(db, filter, { stack: "verb" }),
      byUser: statsFrom(db, filter, { stack: "user" }),
      page,
      first,
      next: first.next ? listRequestsFrom(db, filter, { limit: 7, cursor: first.next }) : null,
      slowest: listRequestsFrom(db, filter, { limit: 20 }, "latency"),
    };
    for (const r of page.items.slice(0, 15)) shown.add(r.id);
  }
  answers.requests = [...shown].sort((a, b) => a - b).map((id) => getRequestFrom(db, id));
  answers.histories = objects.map((key) => objectHistoryFrom(db, key));
  return answers;
}
