import { parseMicros } from "@/lib/time/micros";
import type { Filter, RangePreset } from "./filter";
import { parseQuery } from "./parse";
import { queryToSql } from "./query-to-sql";
import type { ScopedFilter, Scopes } from "./scope";

export type SqlFragment = { sql: string; params: (string | number | Uint8Array)[] };

/**
 * Facts from the store that a filter needs to resolve: "last 24 h" counts back from the newest request,
 * not counting requests dated more than a day after they were received (lib/audit/request-flags.ts).
 */
export type QueryContext = { newestUs: number | null };

const RANGE_US: Record<RangePreset, number> = {
  "15m": 15 * 60e6,
  "1h": 3600e6,
  "24h": 24 * 3600e6,
  "7d": 7 * 24 * 3600e6,
};

/**
 * The absolute [from, to) a filter covers, in microseconds; null where unbounded. A relative range ends
 * just after the newest request, so requests dated past it (from the future) are not in "the last hour".
 */
export function resolveTimeRange(filter: Filter, ctx: QueryContext): { fromUs: number | null; toUs: number | null } {
  if (filter.range && ctx.newestUs !== null) return { fromUs: ctx.newestUs - RANGE_US[filter.range], toUs: ctx.newestUs + 1 };
  return {
    fromUs: filter.from ? parseMicros(filter.from) : null,
    toUs: filter.to ? parseMicros(filter.to) : null,
  };
}

/**
 * "System noise": control-plane identities (system:*, kube-system service accounts) and read-only verbs.
 * Service accounts of other namespaces stay: they are workloads and CI, which investigators care about,
 * and so does system:anonymous.
 */
const NOISE: SqlFragment = {
  sql: `coalesce(r.user_id NOT IN (SELECT id FROM strings WHERE value GLOB 'system:*'
          AND value <> 'system:anonymous'
          AND NOT (value GLOB 'system:serviceaccount:*' AND value NOT GLOB 'system:serviceaccount:kube-system:*')), 1)
        AND r.verb_id NOT IN (SELECT id FROM strings WHERE value IN ('get', 'list', 'watch'))`,
  params: [],
};

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** A dictionary column filtered by its string values: the subquery runs once, then ids compare as integers. */
function dictIn(column: string, values: string[]): SqlFragment {
  return { sql: `r.${column} IN (SELECT id FROM strings WHERE value IN (${placeholders(values.length)}))`, params: values };
}

function resourceClause(values: string[]): SqlFragment {
  // "pods" means every pods request, subresources included; "pods/log" means exactly that subresource.
  const parts: string[] = [];
  const params: string[] = [];
  for (const v of values) {
    const slash = v.indexOf("/");
    if (slash < 0) {
      parts.push("r.resource_id = (SELECT id FROM strings WHERE value = ?)");
      params.push(v);
    } else {
      parts.push("(r.resource_id = (SELECT id FROM strings WHERE value = ?) AND r.subresource_id = (SELECT id FROM strings WHERE value = ?))");
      params.push(v.slice(0, slash), v.slice(slash + 1));
    }
  }
  return { sql: `(${parts.join(" OR ")})`, params };
}

/**
 * A principal's scopes as a WHERE over `requests r` (lib/query/scope.ts inScope is the same rule in memory).
 * Both columns are rollup columns, so a scoped dashboard is still answered from the rollups.
 */
function scopeClause(scopes: NonNullable<Scopes>): SqlFragment {
  if (scopes.length === 0) return { sql: "0", params: [] };
  const parts = scopes.map((s) => {
    const cluster = dictIn("cluster_id", [s.cluster]);
    const ns = s.namespaces ? dictIn("namespace_id", [...s.namespaces]) : { sql: "r.namespace_id IS NOT NULL", params: [] };
    return { sql: `(${cluster.sql} AND ${ns.sql})`, params: [...cluster.params, ...ns.params] };
  });
  return { sql: `(${parts.map((p) => p.sql).join(" OR ")})`, params: parts.flatMap((p) => p.params) };
}

/** Filter → WHERE clause over `requests r`, with bound parameters only. Throws QuerySyntaxError for a bad `q`. */
export function filterToSql(filter: ScopedFilter, ctx: QueryContext): SqlFragment {
  const clauses: SqlFragment[] = [];
  if (filter.scopes) clauses.push(scopeClause(filter.scopes));
  if (filter.cluster) clauses.push(dictIn("cluster_id", filter.cluster));
  if (filter.user) clauses.push(dictIn("user_id", filter.user));
  if (filter.verb) clauses.push(dictIn("verb_id", filter.verb));
  if (filter.namespace) clauses.push(dictIn("namespace_id", filter.namespace));
  if (filter.resource) clauses.push(resourceClause(filter.resource));
  if (filter.code) clauses.push({ sql: `r.code IN (${placeholders(filter.code.length)})`, params: filter.code });
  const { fromUs, toUs } = resolveTimeRange(filter, ctx);
  if (fromUs !== null) clauses.push({ sql: "r.ts >= ?", params: [fromUs] });
  if (toUs !== null) clauses.push({ sql: "r.ts < ?", params: [toUs] });
  if (filter.noise === "hide") clauses.push(NOISE);
  if (filter.q) {
    const q = queryToSql(parseQuery(filter.q));
    clauses.push({ sql: `(${q.sql})`, params: q.params });
  }
  if (clauses.length === 0) return { sql: "1", params: [] };
  return { sql: clauses.map((c) => c.sql).join(" AND "), params: clauses.flatMap((c) => c.params) };
}
