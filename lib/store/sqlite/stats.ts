import "server-only";
import { codeClass, SERIES_ORDER, stackBars, TOP_USERS, userSeries, verbClass } from "@/lib/audit/series";
import { timelineFrame } from "@/lib/audit/timeline";
import { normalizeUserAgent } from "@/lib/audit/user-agent";
import { resourceFacetValue } from "@/lib/query/facet-value";
import type { Filter } from "@/lib/query/filter";
import type { ScopedFilter } from "@/lib/query/scope";
import { resolveTimeRange, type QueryContext } from "@/lib/query/time-range";
import type { SqlFragment } from "./sql-fragment";
import { DIMENSIONS, type Dimension, type FacetEntry, type Stats, type TimelineBucket } from "@/lib/store/types";
import type { StackBy, View } from "@/lib/query/view";
import { formatMicros } from "@/lib/time/micros";
import { BAR_COLUMNS, COMBO_COLUMNS, FACET_COLUMNS, FACET_VALUE_SLOTS, ROLLUP_BUCKET_US, TIMELINE_BUCKET_US, TIMELINE_COLUMNS } from "./combos";
import type { Db } from "./db";
import { queryContext } from "./requests";
import {
  fillSelection, partialSpans, planSelection, readPlan, servedBy, tsBounds, wholeBuckets, type FilledSelection, type SelectionMemo,
} from "./selection";

export type StatsOptions = {
  /** Entries per breakdown; "show more" asks for more. */
  facetLimit?: number;
  /** Which breakdowns to compute (default all); "show more" needs one. */
  dimensions?: readonly Dimension[];
  /** Skip the total and timeline when only breakdowns are wanted. */
  timeline?: boolean;
  /** The connection's last fill, shared with the page read of the same render (selection.ts). */
  selections?: SelectionMemo;
};

export const DEFAULT_FACET_LIMIT = 10;
export const MAX_FACET_LIMIT = 500;

function stringValues(db: Db, ids: Iterable<number>): Map<number, string> {
  const list = [...new Set(ids)];
  const out = new Map<number, string>();
  // Chunked under SQLite's bound-parameter limit; the ids are the few distinct values of a GROUP BY.
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const rows = db
      .prepare<number[], { id: number; value: string }>(`SELECT id, value FROM strings WHERE id IN (${chunk.map(() => "?").join(", ")})`)
      .all(...chunk);
    for (const r of rows) out.set(r.id, r.value);
  }
  return out;
}

/** `from`: rows `c` holding the breakdown's columns and a count `n` (facetSource). */
type Ctx = { db: Db; limit: number; from: string };

/**
 * Rows a breakdown groups: the selected requests' counts per combination, with the combination's columns
 * (one row per distinct combination matched, never the requests themselves); or, when every request is
 * selected, the breakdown's own all-time counts, its values named as the combination columns they come from.
 */
function facetSource(everything: boolean, d: Dimension): string {
  if (!everything) return "temp.selected_combos c";
  const columns = FACET_COLUMNS[d].map((column, i) => `${FACET_VALUE_SLOTS[i]} AS ${column}`).join(", ");
  return `(SELECT ${columns}, n FROM request_facet_counts WHERE facet = '${d}' AND n > 0) c`;
}

/**
 * An entry from a row whose value is NULL where the field is absent: the "(none)" entry, valued "" as
 * `field:""` selects it. Each query keeps the NULL group in its own scan, ranked like any value.
 */
function entryOf(value: string | null, count: number): FacetEntry {
  return value === null ? { value: "", count, absent: true } : { value, count };
}

/** One dictionary column counted by value: the top `limit` ids (NULL, the absent, among them), then their strings. */
function dictFacet({ db, limit, from }: Ctx, column: string): FacetEntry[] {
  return db
    .prepare<unknown[], { value: string | null; count: number }>(
      `SELECT s.value AS value, t.n AS count FROM (
         SELECT c.${column} AS k, sum(c.n) AS n FROM ${from}
         GROUP BY c.${column} ORDER BY n DESC, k IS NULL, k LIMIT ?
       ) t LEFT JOIN strings s ON s.id = t.k ORDER BY t.n DESC, t.k IS NULL, s.value`,
    )
    .all(limit)
    .map((r) => entryOf(r.value, r.count));
}

/**
 * A request counts once for each of its groups; requests store their group list as one JSON string.
 * A request without groups counts once, in "(none)".
 */
function groupFacet({ db, limit, from }: Ctx): FacetEntry[] {
  return db
    .prepare<unknown[], { value: string | null; count: number }>(
      `WITH sets AS (
         SELECT c.groups_id AS k, sum(c.n) AS n FROM ${from} GROUP BY c.groups_id
       )
       SELECT value, count FROM (
         SELECT j.value AS value, sum(sets.n) AS count FROM sets JOIN strings s ON s.id = sets.k, json_each(s.value) j GROUP BY j.value
         UNION ALL SELECT NULL, n FROM sets WHERE k IS NULL
       ) ORDER BY count DESC, value IS NULL, value LIMIT ?`,
    )
    .all(limit)
    .map((r) => entryOf(r.value, r.count));
}

/** Requests without a resource are one "(none)" whatever their API group (an objectRef may name only that). */
function resourceFacet({ db, limit, from }: Ctx): FacetEntry[] {
  const rows = db
    .prepare<unknown[], { g: string | null; r: string | null; s: string | null; n: number }>(
      `SELECT g.value AS g, rs.value AS r, sr.value AS s, t.n AS n FROM (
         SELECT iif(c.resource_id IS NULL, NULL, c.api_group_id) AS gi, c.resource_id AS ri,
                iif(c.resource_id IS NULL, NULL, c.subresource_id) AS si, sum(c.n) AS n FROM ${from}
         GROUP BY gi, ri, si ORDER BY n DESC, ri IS NULL, ri, si LIMIT ?
       ) t LEFT JOIN strings rs ON rs.id = t.ri LEFT JOIN strings g ON g.id = t.gi LEFT JOIN strings sr ON sr.id = t.si
`,
    )
    .all(limit);
  return sortEntries(rows.map((row) => entryOf(row.r === null ? null : resourceFacetValue(row.g, row.r, row.s), row.n)));
}

function codeFacet({ db, limit, from }: Ctx): FacetEntry[] {
  return db
    .prepare<unknown[], { code: number | null; n: number }>(
      `SELECT c.code AS code, sum(c.n) AS n FROM ${from}
       GROUP BY c.code ORDER BY n DESC, code IS NULL, code LIMIT ?`,
    )
    .all(limit)
    .map((r) => entryOf(r.code === null ? null : String(r.code), r.n));
}

const DECISION_NAMES: Record<number, string> = { 1: "allow", 2: "forbid" };

/** A request without the authorization annotation has no decision: "(none)". */
function decisionFacet({ db, from }: Ctx): FacetEntry[] {
  return db
    .prepare<unknown[], { d: number | null; n: number }>(
      `SELECT c.decision AS d, sum(c.n) AS n FROM ${from} GROUP BY c.decision ORDER BY n DESC, d IS NULL`,
    )
    .all()
    .flatMap((r) => (r.d === null ? [entryOf(null, r.n)] : DECISION_NAMES[r.d] ? [{ value: DECISION_NAMES[r.d]!, count: r.n }] : []));
}

/**
 * Grouped in SQL by the raw user agent, then merged by its normalized name in JS: a cluster has a few
 * hundred raw agents at most, while the rows behind them can be millions.
 */
function userAgentFacet({ db, limit, from }: Ctx): FacetEntry[] {
  const rows = db
    .prepare<unknown[], { value: string | null; n: number }>(
      `SELECT s.value AS value, t.n AS n FROM (
         SELECT c.user_agent_id AS k, sum(c.n) AS n FROM ${from} GROUP BY c.user_agent_id
       ) t LEFT JOIN strings s ON s.id = t.k`,
    )
    .all();
  const merged = new Map<string, number>();
  const entries: FacetEntry[] = [];
  for (const r of rows) {
    if (r.value === null) {
      entries.push(entryOf(null, r.n));
      continue;
    }
    // An agent of blanks normalises to nothing; its raw text is what `ua:"…"` matches, so it is the entry.
    const name = normalizeUserAgent(r.value) || r.value;
    merged.set(name, (merged.get(name) ?? 0) + r.n);
  }
  for (const [value, count] of merged) entries.push({ value, count });
  return sortEntries(entries).slice(0, limit);
}

/** Largest first; "(none)" after the values of its count, which sort by name. */
function sortEntries(entries: FacetEntry[]): FacetEntry[] {
  return entries.sort(
    (a, b) => b.count - a.count || Number(a.absent ?? false) - Number(b.absent ?? false) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
}

/** Each breakdown; every one has a "(none)" entry where matching requests lack its field. */
const FACETS: Record<Dimension, (ctx: Ctx) => FacetEntry[]> = {
  user: (c) => dictFacet(c, "user_id"),
  actor: (c) => dictFacet(c, "actor_id"),
  group: groupFacet,
  verb: (c) => dictFacet(c, "verb_id"),
  resource: resourceFacet,
  namespace: (c) => dictFacet(c, "namespace_id"),
  code: codeFacet,
  userAgent: userAgentFacet,
  sourceIP: (c) => dictFacet(c, "source_ip_id"),
  decision: decisionFacet,
};

function emptyFacets(): Record<Dimension, FacetEntry[]> {
  return Object.fromEntries(DIMENSIONS.map((d) => [d, []])) as unknown as Record<Dimension, FacetEntry[]>;
}

type Bounds = { fromUs: number; toUs: number };

/**
 * The span the chart covers: the filter's range where it has one, else the matching data's own first
 * and last request — so "all data" shows the data, not 1970 to now.
 */
function chartBounds(db: Db, filter: ScopedFilter, ctx: QueryContext, sel: FilledSelection): Bounds | null {
  const range = resolveTimeRange(filter, ctx);
  let { fromUs, toUs } = range;
  if (fromUs === null || toUs === null) {
    const row = sel.span ?? matchSpan(db, sel);
    if (!row || row.lo === null || row.hi === null) return null;
    fromUs ??= row.lo;
    // A relative range ends at the newest event in the store; the last request must fall inside [from, to).
    toUs ??= filter.range && ctx.newestUs !== null ? ctx.newestUs + 1 : row.hi + 1;
  }
  return toUs > fromUs ? { fromUs, toUs } : null;
}

/** The first and last match's ts, each one row walking the time index from either end. */
function matchSpan(db: Db, sel: FilledSelection): { lo: number | null; hi: number | null } | undefined {
  const { from, where } = readPlan(sel, 1);
  return db
    // Two subqueries, not min() and max() in one SELECT: SQLite answers each alone from the ts index.
    .prepare<unknown[], { lo: number | null; hi: number | null }>(
      `SELECT (SELECT min(r.ts) FROM ${from} WHERE ${where.sql}) AS lo, (SELECT max(r.ts) FROM ${from} WHERE ${where.sql}) AS hi`,
    )
    .get(...where.params, ...where.params);
}

type Cell = { b: number; k: number | null; n: number };

/**
 * Where whole bars can be summed from, finest-grained last: the 10-minute rollups (by verb and code, then
 * by verb, code and user) where the filter and the stack read only their columns, then the per-combination
 * rollup (joined to its combination, aliased `r`) where they read only combination columns. Each needs
 * bars that are whole multiples of its bucket; `counts` is the alias holding its ts and n.
 */
const BAR_SOURCES = [
  {
    bucketUs: TIMELINE_BUCKET_US,
    columns: new Set<string>(BAR_COLUMNS),
    from: "request_bars r",
    counts: "r",
  },
  {
    bucketUs: TIMELINE_BUCKET_US,
    columns: new Set<string>(TIMELINE_COLUMNS),
    from: "request_timeline r",
    counts: "r",
  },
  {
    bucketUs: ROLLUP_BUCKET_US,
    columns: new Set<string>(COMBO_COLUMNS),
    from: "request_rollup ro JOIN request_combos r ON r.id = ro.combo_id",
    counts: "ro",
  },
];

/**
 * Counts per (bucket, key) in SQL; `column` is the one the series derive from. Whole bars come from a
 * rollup where one serves the filter (BAR_SOURCES), a filter beyond the rollups counts the copy of its
 * matches the fill made, and the range's partial buckets and anything else come from requests.
 */
function bucketCounts(db: Db, sel: FilledSelection, bounds: Bounds, bucketUs: number, column: string): Cell[] {
  const origin = Math.floor(bounds.fromUs / bucketUs) * bucketUs;
  // better-sqlite3 binds JS numbers as REAL: cast, so the division is an integer one.
  const bucketOf = (ts: string) => `(${ts} - CAST(? AS INTEGER)) / CAST(? AS INTEGER)`;
  const plan = sel.coarse;
  if (!plan) {
    // A filter beyond the rollups: its fill copied the matches' (ts, combination) to temp.selected_requests.
    return db
      .prepare<unknown[], Cell>(
        `SELECT ${bucketOf("s.ts")} AS b, c.${column} AS k, count(*) AS n
         FROM temp.selected_requests s JOIN request_combos c ON c.id = s.combo_id GROUP BY b, k`,
      )
      .all(origin, bucketUs);
  }
  const read = readPlan(sel);
  // The 10-minute rollups are always cheap; a narrow selection reads its few requests through
  // requests_by_combo faster than the per-minute rollup is summed.
  const source = BAR_SOURCES.find(
    (s) => (s.bucketUs === TIMELINE_BUCKET_US || !read.narrow) && bucketUs % s.bucketUs === 0 && servedBy(plan, s.columns) && s.columns.has(column),
  );
  if (read.narrow && !source) {
    // The few requests of a narrow selection, read from requests_by_combo alone: their ts is in the
    // index and the stacked column in their combination, so no request row is fetched.
    const b = tsBounds("r", plan.fromUs, plan.toUs);
    return db
      .prepare<unknown[], Cell>(
        `SELECT ${bucketOf("r.ts")} AS b, c.${column} AS k, count(*) AS n
         FROM temp.selected_combos c JOIN requests r INDEXED BY requests_by_combo ON r.combo_id = c.combo_id
         WHERE 1${b.sql} GROUP BY b, k`,
      )
      .all(origin, bucketUs, ...b.params);
  }
  if (!source) {
    const { from, where } = read;
    return db
      .prepare<unknown[], Cell>(
        // No ts bounds of its own: the filter already holds its range, and unbounded charts span all it matches.
        `SELECT ${bucketOf("r.ts")} AS b, r.${column} AS k, count(*) AS n FROM ${from} WHERE ${where.sql} GROUP BY b, k`,
      )
      .all(origin, bucketUs, ...where.params);
  }
  const cells: Cell[] = [];
  const whole = wholeBuckets(plan, source.bucketUs);
  if (whole) {
    const b = tsBounds(source.counts, whole.from, whole.to);
    cells.push(
      ...db
        .prepare<unknown[], Cell>(
          `SELECT ${bucketOf(`${source.counts}.ts`)} AS b, r.${column} AS k, sum(${source.counts}.n) AS n
           FROM ${source.from} WHERE ${plan.where.sql}${b.sql} GROUP BY b, k`,
        )
        .all(origin, bucketUs, ...plan.where.params, ...b.params),
    );
  }
  for (const span of partialSpans(plan, source.bucketUs)) {
    const b = tsBounds("r", span.from, span.to);
    cells.push(
      ...db
        .prepare<unknown[], Cell>(
          `SELECT ${bucketOf("r.ts")} AS b, r.${column} AS k, count(*) AS n FROM requests r WHERE ${plan.where.sql}${b.sql} GROUP BY b, k`,
        )
        .all(origin, bucketUs, ...plan.where.params, ...b.params),
    );
  }
  return cells;
}

function timeline(
  db: Db,
  sel: FilledSelection,
  bounds: Bounds,
  stack: StackBy,
  topUsers: FacetEntry[],
): { bucketMs: number; series: string[]; timeline: TimelineBucket[] } {
  const frame = timelineFrame(bounds.fromUs, bounds.toUs);
  let cells: Cell[];
  let seriesOf: (k: number | null) => string;
  let order: readonly string[];
  if (stack === "code") {
    cells = bucketCounts(db, sel, bounds, frame.bucketUs, "code");
    seriesOf = codeClass;
    order = SERIES_ORDER.code;
  } else if (stack === "verb") {
    cells = bucketCounts(db, sel, bounds, frame.bucketUs, "verb_id");
    const verbs = stringValues(db, cells.flatMap((c) => (c.k === null ? [] : [c.k])));
    seriesOf = (k) => verbClass(k === null ? undefined : verbs.get(k));
    order = SERIES_ORDER.verb;
  } else {
    cells = bucketCounts(db, sel, bounds, frame.bucketUs, "user_id");
    const users = stringValues(db, cells.flatMap((c) => (c.k === null ? [] : [c.k])));
    const byUser = userSeries(topUsers.map((u) => u.value));
    seriesOf = (k) => byUser.of(k === null ? undefined : users.get(k));
    order = byUser.order;
  }
  const { series, bars } = stackBars(frame, cells, (c) => seriesOf(c.k), order);
  return { bucketMs: frame.bucketMs, series, timeline: bars };
}

/** Total, timeline and breakdowns of the requests a filter matches: a few GROUP BY queries, never rows in JS. */
export function statsFrom(db: Db, filter: ScopedFilter, view: Pick<View, "stack">, opts: StatsOptions = {}): Stats {
  const ctx = queryContext(db);
  const sel = fillSelection(db, planSelection(filter, ctx), opts.selections);
  const limit = Math.min(Math.max(1, Math.floor(opts.facetLimit ?? DEFAULT_FACET_LIMIT)), MAX_FACET_LIMIT);
  const wanted = opts.dimensions ?? DIMENSIONS;
  const everything = sel.everything;
  const facets = emptyFacets();
  for (const d of wanted) facets[d] = FACETS[d]({ db, limit, from: facetSource(everything, d) });

  const range = resolveTimeRange(filter, ctx);
  const base = {
    from: range.fromUs === null ? null : formatMicros(range.fromUs),
    to: range.toUs === null ? null : formatMicros(range.toUs),
    facets,
  };
  if (opts.timeline === false) return { ...base, total: 0, bucketMs: 0, series: [], timeline: [] };

  const total = sel.matching;
  const bounds = total > 0 ? chartBounds(db, filter, ctx, sel) : null;
  if (!bounds) return { ...base, total, bucketMs: 0, series: [], timeline: [] };
  // The chart stacks named users ("(none)" falls in "other"): the breakdown serves when it holds five or all of them.
  const named = facets.user.filter((u) => !u.absent);
  const servesChart = wanted.includes("user") && (named.length >= TOP_USERS || facets.user.length < limit);
  const ranked = () => dictFacet({ db, limit: TOP_USERS + 1, from: facetSource(everything, "user") }, "user_id").filter((u) => !u.absent);
  const topUsers = view.stack === "user" ? (servesChart ? named : ranked()) : [];
  return { ...base, total, ...timeline(db, sel, bounds, view.stack, topUsers) };
}
