import "server-only";
import type { Filter } from "@/lib/query/filter";
import { filterToSql, resolveTimeRange, type QueryContext, type SqlFragment } from "@/lib/query/to-sql";
import { COMBO_COLUMNS, ROLLUP_BUCKET_US } from "./combos";
import type { Db } from "./db";

/**
 * The requests a filter matches, counted per combination of breakdown columns (combos.ts) into the temp
 * table `selection`: every breakdown and the total are then small GROUP BYs over it. Filled from the
 * cheapest source that is exact:
 *  - the filter names only combination columns and no range: request_combos' all-time counts;
 *  - the same with a range: request_rollup for the whole minutes inside it, plus the requests of its
 *    partial first and last minute;
 *  - anything else (names, URIs, free text, latency, …): one GROUP BY over the matching requests.
 */
export type Selection = {
  /** The filter as a WHERE over `requests r`. */
  where: SqlFragment;
  /** When the filter can be answered from the rollups: its range-free WHERE and its span of whole minutes. */
  coarse: CoarsePlan | null;
};

export type CoarsePlan = {
  /** The filter without its time range, valid on `requests r` and on `request_combos r` alike. */
  where: SqlFragment;
  fromUs: number | null;
  toUs: number | null;
  /** Whole rollup buckets [wholeFrom, wholeTo) inside the range; null ends are unbounded. */
  wholeFrom: number | null;
  wholeTo: number | null;
};

const COMBO_COLUMN_SET = new Set<string>(COMBO_COLUMNS);

/** True when every column the WHERE reads from `r` is one request_combos has too. */
function readsOnlyComboColumns(where: SqlFragment): boolean {
  for (const m of where.sql.matchAll(/\br\.(\w+)/g)) if (!COMBO_COLUMN_SET.has(m[1]!)) return false;
  return !where.sql.includes("requests_fts");
}

function coarsePlan(filter: Filter, ctx: QueryContext): CoarsePlan | null {
  const where = filterToSql({ ...filter, range: undefined, from: undefined, to: undefined }, ctx);
  if (!readsOnlyComboColumns(where)) return null;
  const { fromUs, toUs } = resolveTimeRange(filter, ctx);
  const wholeFrom = fromUs === null ? null : Math.ceil(fromUs / ROLLUP_BUCKET_US) * ROLLUP_BUCKET_US;
  const wholeTo = toUs === null ? null : Math.floor(toUs / ROLLUP_BUCKET_US) * ROLLUP_BUCKET_US;
  return { where, fromUs, toUs, wholeFrom, wholeTo };
}

export function planSelection(filter: Filter, ctx: QueryContext): Selection {
  return { where: filterToSql(filter, ctx), coarse: coarsePlan(filter, ctx) };
}

/** The range's whole buckets, or null when it has none (a range inside one minute). */
export function wholeBuckets(plan: CoarsePlan): { from: number | null; to: number | null } | null {
  if (plan.wholeFrom !== null && plan.wholeTo !== null && plan.wholeFrom >= plan.wholeTo) return null;
  return { from: plan.wholeFrom, to: plan.wholeTo };
}

/** `AND` clauses bounding `alias.ts` to [from, to), for the ends that are set. */
export function tsBounds(alias: string, from: number | null, to: number | null): SqlFragment {
  const parts: string[] = [];
  const params: number[] = [];
  if (from !== null) {
    parts.push(` AND ${alias}.ts >= ?`);
    params.push(from);
  }
  if (to !== null) {
    parts.push(` AND ${alias}.ts < ?`);
    params.push(to);
  }
  return { sql: parts.join(""), params };
}

/**
 * The parts of a range outside its whole buckets, as [from, to) spans of requests to read one by one.
 * With no whole bucket the entire range is such a span.
 */
export function partialSpans(plan: CoarsePlan): { from: number | null; to: number | null }[] {
  const whole = wholeBuckets(plan);
  if (!whole) return [{ from: plan.fromUs, to: plan.toUs }];
  const spans: { from: number | null; to: number | null }[] = [];
  if (plan.fromUs !== null && whole.from !== null && plan.fromUs < whole.from) spans.push({ from: plan.fromUs, to: whole.from });
  if (plan.toUs !== null && whole.to !== null && whole.to < plan.toUs) spans.push({ from: whole.to, to: plan.toUs });
  return spans;
}

function selectionSource(sel: Selection): SqlFragment {
  const plan = sel.coarse;
  if (!plan) {
    return { sql: `SELECT r.combo_id AS combo_id, count(*) AS n FROM requests r WHERE ${sel.where.sql} GROUP BY r.combo_id`, params: sel.where.params };
  }
  if (plan.fromUs === null && plan.toUs === null) {
    return { sql: `SELECT r.id AS combo_id, r.n AS n FROM request_combos r WHERE r.n > 0 AND ${plan.where.sql}`, params: plan.where.params };
  }
  const parts: SqlFragment[] = [];
  const whole = wholeBuckets(plan);
  if (whole) {
    const b = tsBounds("ro", whole.from, whole.to);
    parts.push({
      sql: `SELECT ro.combo_id AS combo_id, ro.n AS n FROM request_rollup ro JOIN request_combos r ON r.id = ro.combo_id
            WHERE ${plan.where.sql}${b.sql}`,
      params: [...plan.where.params, ...b.params],
    });
  }
  for (const span of partialSpans(plan)) {
    const b = tsBounds("r", span.from, span.to);
    parts.push({
      sql: `SELECT r.combo_id AS combo_id, 1 AS n FROM requests r WHERE ${plan.where.sql}${b.sql}`,
      params: [...plan.where.params, ...b.params],
    });
  }
  return {
    sql: `SELECT combo_id, sum(n) AS n FROM (${parts.map((p) => p.sql).join(" UNION ALL ")}) GROUP BY combo_id`,
    params: parts.flatMap((p) => p.params),
  };
}

type Filled = { key: string };
const filled = new WeakMap<Db, Filled>();

/**
 * Fills temp.selection for the filter, unless it already holds it: the dashboard asks for the total, the
 * breakdowns and the page's count in one render. The store's change counters are part of the key, so a
 * write by this connection (live ingest) or another (the CLI) refills it.
 */
export function fillSelection(db: Db, sel: Selection): void {
  const source = selectionSource(sel);
  const dataVersion = db.pragma("data_version", { simple: true }) as number;
  const changes = (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
  const key = JSON.stringify([dataVersion, changes, source.sql, source.params]);
  if (filled.get(db)?.key === key) return;
  db.exec("CREATE TEMP TABLE IF NOT EXISTS selection (combo_id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
  db.exec("DELETE FROM temp.selection");
  db.prepare(`INSERT INTO temp.selection (combo_id, n) SELECT combo_id, n FROM (${source.sql}) WHERE n > 0`).run(...source.params);
  // Reading total_changes again: the fill itself counts as changes made by this connection.
  const after = (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
  filled.set(db, { key: JSON.stringify([dataVersion, after, source.sql, source.params]) });
}

/** Requests matching the filter the selection was last filled for. */
export function selectionTotal(db: Db): number {
  return (db.prepare("SELECT coalesce(sum(n), 0) AS n FROM temp.selection").get() as { n: number }).n;
}

/** Below this share of the store, a coarse filter reads its requests through their combinations. */
const NARROW_SHARE = 0.05;

/**
 * Where to read the rows a filled selection stands for. A coarse filter that matches a small share of
 * the store goes through requests_by_combo, to just the rows of its combinations; walking the time index
 * would pass over ~1/share rows per match. A broad filter walks the time index, which meets a match
 * every few rows; a fine filter is left to SQLite's planner (free text starts from FTS, a user from
 * requests_by_user).
 */
export function readPlan(db: Db, sel: Selection): { from: string; where: SqlFragment } {
  const plain = { from: "requests r", where: sel.where };
  if (!sel.coarse) return plain;
  const store = (db.prepare("SELECT coalesce(sum(n), 0) AS n FROM request_combos").get() as { n: number }).n;
  if (selectionTotal(db) >= store * NARROW_SHARE) return plain;
  return {
    from: "requests r INDEXED BY requests_by_combo",
    where: { sql: `${sel.where.sql} AND r.combo_id IN (SELECT combo_id FROM temp.selection)`, params: sel.where.params },
  };
}
