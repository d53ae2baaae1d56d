import "server-only";
import type { Dimension } from "@/lib/store/types";
import { CachedIds, perConnection } from "./cached-ids";
import type { Db } from "./db";

/**
 * The columns the dashboard breaks down and filters on without a time range finer than the rollup.
 * Requests that agree on all of them share one "combination" row; a cluster's traffic repeats the same
 * few thousand combinations, so counting over them replaces a scan of millions of requests.
 * Named as in `requests`, so a WHERE fragment written for `requests r` runs unchanged on `request_combos r`.
 */
export const COMBO_COLUMNS = [
  "cluster_id", "verb_id", "user_id", "groups_id", "source_ip_id", "user_agent_id",
  "api_group_id", "resource_id", "subresource_id", "namespace_id", "code", "decision", "actor_id",
] as const;
export type ComboColumn = (typeof COMBO_COLUMNS)[number];
export type ComboValues = (number | null)[];

/** Requests are counted per combination per ROLLUP_BUCKET_US: the timeline's finest bar it can serve. */
export const ROLLUP_BUCKET_US = 60_000_000;

/**
 * The timeline's own rollup: requests per 10 minutes by the columns the chart stacks on. A cluster has
 * thousands of combinations in every minute but a few hundred (verb, code, user) per 10 minutes, so the
 * default chart — all data, or one user, or system noise hidden — sums a table many times smaller.
 */
export const TIMELINE_BUCKET_US = 600_000_000;
export const TIMELINE_COLUMNS = ["verb_id", "code", "user_id"] as const satisfies readonly ComboColumn[];

/**
 * The chart's thinnest rollup, in the timeline's buckets: by verb and code only. The default chart (all
 * data, stacked by verb or by code) sums a few thousand rows of it where request_timeline holds tens of thousands.
 */
export const BAR_COLUMNS = ["verb_id", "code"] as const satisfies readonly ComboColumn[];

/**
 * Each breakdown's all-time counts (request_facet_counts), by the combination columns it groups on: the
 * unfiltered dashboard reads its breakdowns from a few hundred rows instead of grouping every combination.
 */
export const FACET_COLUMNS = {
  user: ["user_id"],
  actor: ["actor_id"],
  group: ["groups_id"],
  verb: ["verb_id"],
  resource: ["api_group_id", "resource_id", "subresource_id"],
  namespace: ["namespace_id"],
  code: ["code"],
  userAgent: ["user_agent_id"],
  sourceIP: ["source_ip_id"],
  decision: ["decision"],
} as const satisfies Record<Dimension, readonly ComboColumn[]>;

/** FACET_COLUMNS' values are stored in up to three columns, a, b and c, of request_facet_counts. */
export const FACET_VALUE_SLOTS = ["a", "b", "c"] as const;

/**
 * The unique text key of a combination (and of a breakdown's values in request_facet_counts): the values
 * joined with commas, null as empty. Migrations 0007, 0011 and 0025 build the same text in SQL.
 */
export function comboKey(values: ComboValues): string {
  let key = "";
  for (let i = 0; i < values.length; i++) key += (i === 0 ? "" : ",") + (values[i] ?? "");
  return key;
}

/** Ids of combinations (cached-ids.ts): rows of request_combos, keyed by `comboKey`. */
export const combosOf = perConnection((db) => {
  const select = db.prepare<[string], { id: number }>("SELECT id FROM request_combos WHERE key = ?");
  const insert = db.prepare(
    `INSERT INTO request_combos (key, ${COMBO_COLUMNS.join(", ")}) VALUES (?, ${COMBO_COLUMNS.map(() => "?").join(", ")})`,
  );
  return new CachedIds<ComboValues>(
    comboKey,
    (key) => select.get(key)?.id,
    (key, values) => Number(insert.run(key, ...values).lastInsertRowid),
  );
});

type Delta<K> = { key: K; n: number };

/**
 * Changes to the rollups from one batch, summed in memory and written once per (bucket, key): a batch
 * of thousands of requests touches a few hundred of them. Only (minute, combination) is counted per
 * request; the 10-minute rollups' keys are columns of the combination, so they are summed from those
 * sums at flush, a few hundred times per batch instead of twice per request.
 */
export class RollupDeltas {
  /** Minute (ts / ROLLUP_BUCKET_US) → combination id → change in its request count. */
  private readonly byMinute = new Map<number, Map<number, number>>();

  add(ts: number, combo: number, n: number): void {
    const minute = Math.floor(ts / ROLLUP_BUCKET_US);
    let combos = this.byMinute.get(minute);
    if (!combos) this.byMinute.set(minute, (combos = new Map()));
    combos.set(combo, (combos.get(combo) ?? 0) + n);
  }

  /** Forgets the sums of a batch whose transaction failed. */
  discard(): void {
    this.byMinute.clear();
  }

  /** Writes the sums (inside the caller's transaction) and empties the set. */
  flush(db: Db): void {
    const upsert = db.prepare<[number, number, number]>(
      "INSERT INTO request_rollup (ts, combo_id, n) VALUES (?, ?, ?) ON CONFLICT (ts, combo_id) DO UPDATE SET n = n + excluded.n",
    );
    const total = new Map<number, number>();
    for (const [minute, combos] of this.byMinute) {
      for (const [combo, n] of combos) {
        if (n === 0) continue;
        upsert.run(minute * ROLLUP_BUCKET_US, combo, n);
        total.set(combo, (total.get(combo) ?? 0) + n);
      }
    }
    if (total.size === 0) return this.discard();
    const addTotal = db.prepare<[number, number]>("UPDATE request_combos SET n = n + ? WHERE id = ?");
    for (const [combo, n] of total) if (n !== 0) addTotal.run(n, combo);
    const rows = rowsOf(db, [...total.keys()]);
    addFacetCounts(total, rows, db);

    const timeline = new Map<string, Delta<{ bucket: number; values: (number | null)[] }>>();
    const bars = new Map<string, Delta<{ bucket: number; values: (number | null)[] }>>();
    const per = TIMELINE_BUCKET_US / ROLLUP_BUCKET_US;
    for (const [minute, combos] of this.byMinute) {
      const bucket = Math.floor(minute / per) * TIMELINE_BUCKET_US;
      for (const [combo, n] of combos) {
        if (n === 0) continue;
        const row = rows.get(combo)!;
        const values = TIMELINE_COLUMNS.map((c) => row[c]);
        bump(timeline, `${bucket}:${values.join(":")}`, { bucket, values }, n);
        const barValues = BAR_COLUMNS.map((c) => row[c]);
        bump(bars, `${bucket}:${barValues.join(":")}`, { bucket, values: barValues }, n);
      }
    }
    addBucketCounts(db, "request_timeline", TIMELINE_COLUMNS, timeline.values());
    addBucketCounts(db, "request_bars", BAR_COLUMNS, bars.values());
    this.discard();
  }
}

function bump<K>(map: Map<string, Delta<K>>, id: string, key: K, n: number): void {
  const d = map.get(id);
  if (d) d.n += n;
  else map.set(id, { key, n });
}

/** Adds counts to a 10-minute rollup keyed by (ts, columns). */
function addBucketCounts(
  db: Db,
  table: string,
  columns: readonly string[],
  deltas: Iterable<Delta<{ bucket: number; values: (number | null)[] }>>,
): void {
  // NULLs are values here (no code yet, no user), so the row is found with IS rather than a unique key.
  const add = db.prepare(`UPDATE ${table} SET n = n + ? WHERE ts = ? ${columns.map((c) => `AND ${c} IS ?`).join(" ")}`);
  const insert = db.prepare(`INSERT INTO ${table} (ts, ${columns.join(", ")}, n) VALUES (?, ${columns.map(() => "?").join(", ")}, ?)`);
  for (const { key, n } of deltas) {
    if (n === 0) continue;
    if (add.run(n, key.bucket, ...key.values).changes === 0) insert.run(key.bucket, ...key.values, n);
  }
}

type ComboRow = Record<ComboColumn, number | null>;

/** Combinations' columns by id: rows of request_combos never change, and a store has thousands of them. */
const comboRows = perConnection(() => new Map<number, ComboRow>());

/** After a rolled-back batch: its new combinations' ids may be handed out again for other values. */
export function forgetComboRows(db: Db): void {
  comboRows(db).clear();
}

function rowsOf(db: Db, ids: number[]): Map<number, ComboRow> {
  const cache = comboRows(db);
  // Bounded like the other caches; cleared before a lookup, so the batch's own rows all stay.
  if (cache.size > 200_000) cache.clear();
  const missing = ids.filter((id) => !cache.has(id));
  if (missing.length > 0) {
    const rows = db
      .prepare<[string], ComboRow & { id: number }>(`SELECT id, ${COMBO_COLUMNS.join(", ")} FROM request_combos WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(missing));
    for (const row of rows) cache.set(row.id, row);
  }
  return cache;
}

/** Moves each breakdown's all-time counts by the batch's change per combination. */
function addFacetCounts(byCombo: Map<number, number>, rows: Map<number, ComboRow>, db: Db): void {
  const changed = [...byCombo].filter(([, n]) => n !== 0);
  if (changed.length === 0) return;
  const upsert = db.prepare(
    `INSERT INTO request_facet_counts (facet, key, a, b, c, n) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (facet, key) DO UPDATE SET n = n + excluded.n`,
  );
  for (const [facet, columns] of Object.entries(FACET_COLUMNS) as [string, readonly ComboColumn[]][]) {
    // Keyed by the one value where there is one (null included): no string built per combination.
    const sums = new Map<number | string | null, { values: (number | null)[]; n: number }>();
    for (const [id, n] of changed) {
      const row = rows.get(id)!;
      const values = columns.map((c) => row[c]);
      const key = values.length === 1 ? values[0]! : values.join(",");
      const sum = sums.get(key);
      if (sum) sum.n += n;
      else sums.set(key, { values, n });
    }
    for (const { values, n } of sums.values()) {
      if (n !== 0) upsert.run(facet, comboKey(values), values[0] ?? null, values[1] ?? null, values[2] ?? null, n);
    }
  }
}
