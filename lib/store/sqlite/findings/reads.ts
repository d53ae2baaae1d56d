import "server-only";
import { decodeCursor, encodeCursor } from "@/lib/query/cursor";
import { parseFilter } from "@/lib/query/parse-filter";
import { timelineFrame } from "@/lib/audit/timeline";
import { inScope, type ScopedFilter, type Scopes } from "@/lib/query/scope";
import { resolveTimeRange } from "@/lib/query/time-range";
import type { FindingsStatus, HitPage, RuleHits, StoredHit } from "@/lib/store/rows";
import type { Db } from "../db";
import { queryContext } from "../requests";
import { keyText } from "./keys";
import { treeToSql, type SqlFragment } from "../tree-to-sql";
import { findingsState } from "./state";

/**
 * The read side of the findings (finding_hits ⨝ finding_rules, migration 0028). Every read joins a hit
 * to its request and applies the filter's WHERE over `requests r`, scopes included (parseFilter ANDs
 * them in), so what a scoped principal sees of the findings is what it sees of the requests.
 */

/** The filter, scopes included, as a WHERE over `requests r`, and the range it covers. Throws QuerySyntaxError for a bad `q`. */
function scopedWhere(db: Db, filter: ScopedFilter): { where: SqlFragment; fromUs: number | null; toUs: number | null } {
  const ctx = queryContext(db);
  return { where: treeToSql(parseFilter(filter, ctx)), ...resolveTimeRange(filter, ctx) };
}

/** Hits joined to their requests and rules: the FROM every read shares. */
const HITS_FROM = "finding_hits h JOIN finding_rules fr ON fr.id = h.rule JOIN requests r ON r.id = h.request_id";

export const DEFAULT_TIMELINE_BUCKETS = 40;
const MAX_TIMELINE_BUCKETS = 200;

/**
 * Per rule with hits among the filter's requests: the count, first and last hit, and a timeline. The
 * timelines share one frame so that sparklines side by side compare: the filter's range where it has
 * one, else the span of every hit shown, in readable buckets (lib/audit/timeline.ts) of about `buckets`.
 */
export function findingsSummary(db: Db, filter: ScopedFilter, buckets = DEFAULT_TIMELINE_BUCKETS): RuleHits[] {
  const { where, fromUs, toUs } = scopedWhere(db, filter);
  const rules = db
    .prepare<unknown[], { rule: number; ruleId: string; count: number; firstUs: number; lastUs: number }>(
      `SELECT h.rule AS rule, fr.name AS ruleId, count(*) AS count, min(h.ts) AS firstUs, max(h.ts) AS lastUs
       FROM ${HITS_FROM} WHERE ${where.sql} GROUP BY h.rule ORDER BY count DESC, fr.name`,
    )
    .all(...where.params);
  if (rules.length === 0) return [];
  const from = fromUs ?? Math.min(...rules.map((r) => r.firstUs));
  const to = toUs ?? Math.max(...rules.map((r) => r.lastUs)) + 1;
  // The main chart's bound caps a sparkline too; fewer than one bucket is one.
  const asked = Math.min(Math.max(Math.floor(buckets), 1), MAX_TIMELINE_BUCKETS);
  const readable = timelineFrame(from, Math.max(to, from + 1), asked);
  // One bucket asked (the dashboard's strip): it spans the whole frame (an aligned frame may take two
  // readable buckets), and each rule's count fills it, with no second pass over the hits.
  const frame = asked === 1 ? { ...readable, bucketUs: readable.bucketUs * readable.bars, bars: 1 } : readable;
  const counts = new Map(rules.map((r) => [r.rule, new Array<number>(frame.bars).fill(0)]));
  const perBucket =
    asked === 1
      ? rules.map((r) => ({ rule: r.rule, bucket: 0, n: r.count }))
      : db
          .prepare<unknown[], { rule: number; bucket: number; n: number }>(
            `SELECT h.rule AS rule, (h.ts - ?) / ? AS bucket, count(*) AS n FROM ${HITS_FROM} WHERE ${where.sql} GROUP BY h.rule, bucket`,
          )
          .all(frame.originUs, frame.bucketUs, ...where.params);
  for (const { rule, bucket, n } of perBucket) {
    const series = counts.get(rule);
    // A hit stamped outside the range (its request's time moved since) is drawn at the nearer end.
    if (series) series[Math.min(Math.max(bucket, 0), frame.bars - 1)]! += n;
  }
  return rules.map((r) => ({
    ruleId: r.ruleId,
    count: r.count,
    firstUs: r.firstUs,
    lastUs: r.lastUs,
    timeline: { startUs: frame.originUs, bucketUs: frame.bucketUs, counts: counts.get(r.rule)! },
  }));
}

/**
 * One rule's hits among the filter's requests, oldest first on (ts, request id), keyset-paged. An unknown
 * rule has none; a cursor this server did not hand out starts at the first page.
 */
export function ruleHits(db: Db, ruleId: string, filter: ScopedFilter, page: { limit: number; cursor?: string | undefined }): HitPage {
  const { where } = scopedWhere(db, filter);
  const rule = db.prepare<[string], { id: number }>("SELECT id FROM finding_rules WHERE name = ?").get(ruleId);
  if (!rule) return { hits: [], total: 0, next: null };
  const after = decodeCursor(page.cursor);
  const keyset: SqlFragment = after ? { sql: " AND (h.ts, h.request_id) > (?, ?)", params: [after.ts, after.id] } : { sql: "", params: [] };
  const rows = db
    .prepare<unknown[], StoredHit>(
      `SELECT h.request_id AS requestId, h.ts AS tsUs, ${keyText("h.key")} AS key, h.detail AS detail FROM ${HITS_FROM}
       WHERE h.rule = ? AND ${where.sql}${keyset.sql} ORDER BY h.ts, h.request_id LIMIT ?`,
    )
    .all(rule.id, ...where.params, ...keyset.params, page.limit + 1);
  const hits = rows.slice(0, page.limit);
  const last = hits.at(-1);
  const { total } = db
    .prepare<unknown[], { total: number }>(`SELECT count(*) AS total FROM ${HITS_FROM} WHERE h.rule = ? AND ${where.sql}`)
    .get(rule.id, ...where.params)!;
  return { hits, total, next: rows.length > page.limit && last ? encodeCursor({ ts: last.tsUs, id: last.requestId }) : null };
}

/** The rules that found one request, by id; none when the request is unknown or outside the scopes (as requests.get says null). */
export function findingsOfRequest(db: Db, requestId: number, scopes: Scopes): { ruleId: string; detail: string | null }[] {
  const request = db
    .prepare<[number], { cluster: string; namespace: string | null }>(
      `SELECT c.value AS cluster, ns.value AS namespace FROM requests r
       JOIN strings c ON c.id = r.cluster_id LEFT JOIN strings ns ON ns.id = r.namespace_id WHERE r.id = ?`,
    )
    .get(requestId);
  if (!request || !inScope(scopes, request.cluster, request.namespace)) return [];
  return db
    .prepare<[number], { ruleId: string; detail: string | null }>(
      `SELECT fr.name AS ruleId, h.detail AS detail FROM finding_hits h JOIN finding_rules fr ON fr.id = h.rule
       WHERE h.request_id = ? ORDER BY fr.name`,
    )
    .all(requestId);
}

/**
 * Whether the stored findings were computed with the rule set of `fingerprint` (state.ts), and when (ms).
 * A store that never held a request has nothing computed with other rules, so it is current.
 */
export function findingsStatus(db: Db, fingerprint: string): FindingsStatus {
  const state = findingsState(db);
  const computedAt = state.computedAtUs === null ? null : Math.floor(state.computedAtUs / 1000);
  return { current: state.fingerprint === null || state.fingerprint === fingerprint, computedAt };
}
