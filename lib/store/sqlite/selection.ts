import "server-only";
import { parseFilter, type QueryContext } from "@/lib/query/parse-filter";
import type { ScopedFilter } from "@/lib/query/scope";
import type { FilterNode } from "@/lib/query/tree";
import { COMBO_COLUMNS, ROLLUP_BUCKET_US } from "./combos";
import type { Db } from "./db";
import { columnsRead, treeToSql, type SqlFragment } from "./tree-to-sql";

/**
 * The requests a filter matches, counted per combination of breakdown columns (combos.ts) into the temp
 * table `selected_combos`, with each combination's columns: every breakdown and the total are then small
 * GROUP BYs over it. Filled from the cheapest source that is exact:
 *  - no filter at all: nothing is copied; the breakdowns read their own all-time counts;
 *  - the filter names only combination columns and no range: request_combos' all-time counts;
 *  - the same with a range: request_rollup for the whole minutes inside it (or, when it covers most of
 *    the store, the all-time counts less the minutes outside it), plus the requests of its partial first
 *    and last minute;
 *  - anything else (names, URIs, free text, latency, …): the matching requests' (ts, combination) copied
 *    once into temp.selected_requests, then grouped.
 */
export type Selection = {
  /** The filter as a WHERE over `requests r`. */
  where: SqlFragment;
  /** When the filter can be answered from the rollups: its range-free WHERE and its range. */
  coarse: CoarsePlan | null;
};

export type CoarsePlan = {
  /** The filter without its time range, valid on `requests r` and on `request_combos r` alike. */
  where: SqlFragment;
  /** No condition besides the range. */
  unconditional: boolean;
  /** The columns of `r` the WHERE reads. */
  columns: Set<string>;
  fromUs: number | null;
  toUs: number | null;
};

const COMBO_COLUMN_SET = new Set<string>(COMBO_COLUMNS);

/** True when a table with `columns` (named as in requests) can evaluate the plan's WHERE. */
export function servedBy(plan: CoarsePlan, columns: ReadonlySet<string>): boolean {
  for (const c of plan.columns) if (!columns.has(c)) return false;
  return true;
}

/** A tree's time ranges ANDed at its top, as one [from, to), and the rest of it. */
function splitRange(tree: FilterNode): { rest: FilterNode; fromUs: number | null; toUs: number | null } {
  const items = tree.kind === "and" ? tree.items : [tree];
  let fromUs: number | null = null;
  let toUs: number | null = null;
  const rest: FilterNode[] = [];
  for (const item of items) {
    if (item.kind !== "time") rest.push(item);
    else {
      if (item.fromUs !== null) fromUs = fromUs === null ? item.fromUs : Math.max(fromUs, item.fromUs);
      if (item.toUs !== null) toUs = toUs === null ? item.toUs : Math.min(toUs, item.toUs);
    }
  }
  return { rest: { kind: "and", items: rest }, fromUs, toUs };
}

/** The rollups can answer a tree that, besides a range at its top, reads only combination columns. */
function coarsePlan(tree: FilterNode): CoarsePlan | null {
  const { rest, fromUs, toUs } = splitRange(tree);
  const columns = columnsRead(rest);
  if (!columns || ![...columns].every((c) => COMBO_COLUMN_SET.has(c))) return null;
  const unconditional = rest.kind === "and" && rest.items.length === 0;
  return { where: treeToSql(rest), unconditional, columns, fromUs, toUs };
}

/** Throws QuerySyntaxError for a bad `q`. */
export function planSelection(filter: ScopedFilter, ctx: QueryContext): Selection {
  const tree = parseFilter(filter, ctx);
  return { where: treeToSql(tree), coarse: coarsePlan(tree) };
}

/** The range's whole buckets of `bucketUs`, or null when it has none (a range inside one bucket). */
export function wholeBuckets(plan: CoarsePlan, bucketUs: number): { from: number | null; to: number | null } | null {
  const from = plan.fromUs === null ? null : Math.ceil(plan.fromUs / bucketUs) * bucketUs;
  const to = plan.toUs === null ? null : Math.floor(plan.toUs / bucketUs) * bucketUs;
  if (from !== null && to !== null && from >= to) return null;
  return { from, to };
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
export function partialSpans(plan: CoarsePlan, bucketUs: number): { from: number | null; to: number | null }[] {
  const whole = wholeBuckets(plan, bucketUs);
  if (!whole) return [{ from: plan.fromUs, to: plan.toUs }];
  const spans: { from: number | null; to: number | null }[] = [];
  if (plan.fromUs !== null && whole.from !== null && plan.fromUs < whole.from) spans.push({ from: plan.fromUs, to: whole.from });
  if (plan.toUs !== null && whole.to !== null && whole.to < plan.toUs) spans.push({ from: whole.to, to: plan.toUs });
  return spans;
}

/** The share of the store's time span a range covers: which side of it is cheaper to sum. */
function coveredShare(db: Db, plan: CoarsePlan): number {
  const span = db.prepare("SELECT (SELECT min(ts) FROM requests) AS lo, (SELECT max(ts) FROM requests) AS hi").get() as {
    lo: number | null;
    hi: number | null;
  };
  if (span.lo === null || span.hi === null || span.hi <= span.lo) return 1;
  const from = Math.max(plan.fromUs ?? span.lo, span.lo);
  const to = Math.min(plan.toUs ?? span.hi, span.hi);
  return Math.max(0, to - from) / (span.hi - span.lo);
}

/**
 * The counts per combination a filter selects; `combos` when they are rows of request_combos itself,
 * `matches` (the filter's WHERE) when they are grouped from the matching requests fillSelection copies first.
 */
function selectionSource(db: Db, sel: Selection): SqlFragment & { combos?: true; matches?: SqlFragment } {
  const plan = sel.coarse;
  if (!plan) {
    // Grouped from the matches fillSelection copied (SELECTED_REQUESTS), with the first and last one.
    return {
      sql: `SELECT s.combo_id AS combo_id, count(*) AS n, min(s.ts) AS lo, max(s.ts) AS hi FROM temp.selected_requests s GROUP BY s.combo_id`,
      params: [],
      matches: sel.where,
    };
  }
  const allTime: SqlFragment = {
    sql: `SELECT r.id AS combo_id, r.n AS n FROM request_combos r WHERE r.n > 0 AND ${plan.where.sql}`,
    params: plan.where.params,
  };
  if (plan.fromUs === null && plan.toUs === null) return { ...allTime, combos: true };
  const parts: SqlFragment[] = [];
  const whole = wholeBuckets(plan, ROLLUP_BUCKET_US);
  const rollup = (bounds: SqlFragment, sign: string): SqlFragment => ({
    sql: `SELECT ro.combo_id AS combo_id, ${sign}ro.n AS n FROM request_rollup ro JOIN request_combos r ON r.id = ro.combo_id
          WHERE ${plan.where.sql}${bounds.sql}`,
    params: [...plan.where.params, ...bounds.params],
  });
  if (whole && coveredShare(db, plan) > 0.5) {
    // Most of the store: all-time counts less the minutes outside the range's whole ones.
    const outside = [whole.from === null ? null : "ro.ts < ?", whole.to === null ? null : "ro.ts >= ?"].filter((c) => c !== null);
    parts.push(allTime, rollup({ sql: ` AND (${outside.join(" OR ")})`, params: [whole.from, whole.to].filter((v) => v !== null) }, "-"));
  } else if (whole) {
    parts.push(rollup(tsBounds("ro", whole.from, whole.to), ""));
  }
  for (const span of partialSpans(plan, ROLLUP_BUCKET_US)) {
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

/**
 * A selection once filled: the totals every reader of it asks for. `everything` when the filter selects
 * every request: nothing is copied then, and readers go to the all-time counts instead. The temp tables
 * hold it until the next fill on the same connection, so it is read right after it is filled.
 */
export type FilledSelection = Selection & {
  /** Requests the filter matches. */
  matching: number;
  /** Requests in the store. */
  store: number;
  everything: boolean;
  /** The first and last matching request's ts, when the fill read the requests themselves. */
  span: TsSpan | null;
};

export type TsSpan = { lo: number; hi: number };

/** No condition and no range: the whole store. */
function selectsEverything(sel: Selection): boolean {
  const plan = sel.coarse;
  return plan !== null && plan.unconditional && plan.fromUs === null && plan.toUs === null;
}

/**
 * The last fill on a connection, so that the dashboard's total, breakdowns and page (one render, several
 * reads) fill once. Whoever holds the connection holds its memo and passes it to each read; a read
 * without one fills afresh. Several memos on one connection stay safe: a fill writes the temp tables,
 * which moves total_changes(), part of every memo's key.
 */
export class SelectionMemo {
  private last: { db: Db; key: string; filled: FilledSelection } | null = null;

  recall(db: Db, key: string): FilledSelection | null {
    return this.last && this.last.db === db && this.last.key === key ? this.last.filled : null;
  }

  remember(db: Db, key: string, filled: FilledSelection): FilledSelection {
    this.last = { db, key, filled };
    return filled;
  }
}

/**
 * Fills temp.selected_combos for the filter, unless `memo` says it already holds it. The store's change
 * counters are part of the key, so a write by this connection (live ingest) or another (the CLI) refills it.
 */
export function fillSelection(db: Db, sel: Selection, memo: SelectionMemo = new SelectionMemo()): FilledSelection {
  const source = selectionSource(db, sel);
  const dataVersion = db.pragma("data_version", { simple: true }) as number;
  const changes = (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
  const key = JSON.stringify([dataVersion, changes, source.sql, source.params, source.matches]);
  const recalled = memo.recall(db, key);
  if (recalled) return { ...recalled, ...sel };
  if (selectsEverything(sel)) {
    const { n } = db.prepare("SELECT coalesce(sum(n), 0) AS n FROM request_combos").get() as { n: number };
    return memo.remember(db, key, { ...sel, matching: n, store: n, everything: true, span: null });
  }
  // No key: rows are only ever scanned whole, and an index would cost more to fill than it saves.
  db.exec(
    `CREATE TEMP TABLE IF NOT EXISTS selected_combos (combo_id INTEGER NOT NULL, n INTEGER NOT NULL, lo INTEGER, hi INTEGER, ${COMBO_COLUMNS.map((c) => `${c} INTEGER`).join(", ")})`,
  );
  db.exec("DELETE FROM temp.selected_combos");
  db.exec("CREATE TEMP TABLE IF NOT EXISTS selected_requests (ts INTEGER NOT NULL, combo_id INTEGER NOT NULL)");
  db.exec("DELETE FROM temp.selected_requests");
  if (source.matches) {
    // One pass over the matching requests; the breakdowns, the chart's span and its bars then read this copy.
    db.prepare(`INSERT INTO temp.selected_requests (ts, combo_id) SELECT r.ts, r.combo_id FROM requests r WHERE ${source.matches.sql}`).run(
      ...source.matches.params,
    );
  }
  const columns = COMBO_COLUMNS.join(", ");
  db.prepare(
    source.combos
      ? `INSERT INTO temp.selected_combos (combo_id, n, ${columns})
         SELECT r.id, r.n, ${COMBO_COLUMNS.map((c) => `r.${c}`).join(", ")} FROM request_combos r WHERE r.n > 0 AND ${sel.coarse!.where.sql}`
      : `INSERT INTO temp.selected_combos (combo_id, n, lo, hi, ${columns})
         SELECT s.combo_id, s.n, ${source.matches ? "s.lo, s.hi" : "NULL, NULL"}, ${COMBO_COLUMNS.map((c) => `c.${c}`).join(", ")} FROM (${source.sql}) s
         JOIN request_combos c ON c.id = s.combo_id WHERE s.n > 0`,
  ).run(...source.params);
  const totals = db
    .prepare(
      `SELECT (SELECT coalesce(sum(n), 0) FROM temp.selected_combos) AS matching,
              (SELECT coalesce(sum(n), 0) FROM request_combos) AS store,
              (SELECT min(lo) FROM temp.selected_combos) AS lo, (SELECT max(hi) FROM temp.selected_combos) AS hi`,
    )
    .get() as { matching: number; store: number; lo: number | null; hi: number | null };
  // Reading total_changes again: the fill itself counts as changes made by this connection.
  const after = (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
  return memo.remember(db, JSON.stringify([dataVersion, after, source.sql, source.params, source.matches]), {
    ...sel,
    matching: totals.matching,
    store: totals.store,
    everything: false,
    span: source.matches && totals.lo !== null && totals.hi !== null ? { lo: totals.lo, hi: totals.hi } : null,
  });
}

/**
 * Where to read the rows a filled selection stands for, `wanted` of them (a page) or all. A coarse filter
 * can go through requests_by_combo, visiting exactly its matching rows, or walk the time index, visiting
 * about wanted / share rows before it has enough (every row for "all"). The cheaper one is taken. Other
 * filters are left to SQLite's planner (free text starts from FTS, a user from requests_by_user).
 */
export function readPlan(sel: FilledSelection, wanted?: number): { from: string; where: SqlFragment; narrow: boolean } {
  const plain = { from: "requests r", where: sel.where, narrow: false };
  if (!sel.coarse) return plain;
  const { store, matching, everything } = sel;
  if (everything) return plain;
  // Index lookups cost a few times a sequential step: a full read goes narrow below a quarter of the store.
  const walked = wanted === undefined ? store / 4 : (wanted * store) / Math.max(1, matching);
  if (matching >= walked) return plain;
  return {
    from: "requests r INDEXED BY requests_by_combo",
    where: { sql: `${sel.where.sql} AND r.combo_id IN (SELECT combo_id FROM temp.selected_combos)`, params: sel.where.params },
    narrow: true,
  };
}

/**
 * readPlan for a page newest first. A filter beyond the rollups that matches many requests (free text,
 * say) finds its page sooner walking requests_by_time back from the newest, about wanted / share rows,
 * than the way SQLite takes by default: fetching every match from the free-text index and sorting them.
 */
export function timeOrderedPlan(sel: FilledSelection, wanted: number): { from: string; where: SqlFragment; narrow: boolean } {
  const plan = readPlan(sel, wanted);
  if (sel.coarse) return plan;
  const { store, matching } = sel;
  const walked = (wanted * store) / Math.max(1, matching);
  return walked < matching ? { ...plan, from: "requests r INDEXED BY requests_by_time" } : plan;
}
