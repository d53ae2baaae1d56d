import { parseMicros } from "@/lib/time/micros";
import type { Filter } from "./filter";

export type SqlFragment = { sql: string; params: (string | number)[] };

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

/** Filter → WHERE clause over `requests r`, with bound parameters only. */
export function filterToSql(filter: Filter): SqlFragment {
  const clauses: SqlFragment[] = [];
  if (filter.cluster) clauses.push(dictIn("cluster_id", filter.cluster));
  if (filter.user) clauses.push(dictIn("user_id", filter.user));
  if (filter.verb) clauses.push(dictIn("verb_id", filter.verb));
  if (filter.namespace) clauses.push(dictIn("namespace_id", filter.namespace));
  if (filter.resource) clauses.push(resourceClause(filter.resource));
  if (filter.code) clauses.push({ sql: `r.code IN (${placeholders(filter.code.length)})`, params: filter.code });
  if (filter.from) clauses.push({ sql: "r.ts >= ?", params: [parseMicros(filter.from)] });
  if (filter.to) clauses.push({ sql: "r.ts < ?", params: [parseMicros(filter.to)] });
  if (clauses.length === 0) return { sql: "1", params: [] };
  return { sql: clauses.map((c) => c.sql).join(" AND "), params: clauses.flatMap((c) => c.params) };
}
