import "server-only";
import { LEVELS, STAGES } from "@/lib/audit/event";
import { FIELDS, type FieldName } from "@/lib/query/fields";
import { REQUEST_FLAG } from "@/lib/audit/request-flags";
import { POD_SESSION_SUBRESOURCES } from "@/lib/audit/pod-session";
import type { ScopedFilter } from "@/lib/query/scope";
import { filterToSql } from "./tree-to-sql";
import type { Db } from "./db";
import { queryContext } from "./requests";

export type Suggestion = { value: string; count: number };
export type Suggestions = { field: string; values: Suggestion[] };

/**
 * How each field's values are listed: a dictionary column joined to `strings` (with an optional
 * expression over `s.value`), or a small column grouped as is. Identifiers come from this map only.
 */
type Source = { column: string; expr?: string; json?: boolean } | { plain: string };

/** An exec's command or a session's container: the CASE keeps the JS parser off every other request. */
function podSession(part: "command" | "container"): Source {
  const kinds = (part === "command" ? ["exec"] : POD_SESSION_SUBRESOURCES).map((k) => `'${k}'`).join(", ");
  return {
    plain: `CASE WHEN r.subresource_id IN (SELECT s.id FROM strings s WHERE s.value IN (${kinds}))
      THEN pod_session_part((SELECT s.value FROM strings s WHERE s.id = r.subresource_id), r.uri, '${part}') END`,
  };
}

const SOURCES: Partial<Record<FieldName, Source>> = {
  user: { column: "user_id" },
  as: { column: "imp_user_id" },
  actor: { column: "actor_id" },
  usergroup: { column: "groups_id", json: true },
  verb: { column: "verb_id" },
  resource: { column: "resource_id" },
  subresource: { column: "subresource_id" },
  ns: { column: "namespace_id" },
  group: { column: "api_group_id", expr: "CASE WHEN s.value = '' THEN 'core' ELSE s.value END" },
  version: { column: "api_version_id" },
  ip: { column: "source_ip_id" },
  // Completing the normalized form ("kubectl 1.30.3") groups the versions people ask about.
  ua: { column: "user_agent_id", expr: "ua_norm(s.value)" },
  cluster: { column: "cluster_id" },
  reason: { column: "reason_id" },
  binding: { column: "reason_id", expr: "rbac_part(s.value, 'binding')" },
  role: { column: "reason_id", expr: "rbac_part(s.value, 'role')" },
  subject: { column: "reason_id", expr: "rbac_part(s.value, 'subject')" },
  code: { plain: "CAST(r.code AS TEXT)" },
  decision: { plain: "CASE r.decision WHEN 1 THEN 'allow' WHEN 2 THEN 'forbid' END" },
  level: { plain: `CASE r.level ${LEVELS.map((l, i) => `WHEN ${i} THEN '${l}'`).join(" ")} END` },
  command: podSession("command"),
  container: podSession("container"),
};

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Top values of a field among the requests the filter matches, prefix-matched case-insensitively,
 * most requests first. Fields without a dictionary (name, uri, auditid, latency) return [].
 */
export function suggestFrom(db: Db, field: FieldName, prefix: string, filter: ScopedFilter, limit = 10): Suggestions {
  const where = filterToSql(filter, queryContext(db));
  const like = likePrefix(prefix);
  if (field === "stage") {
    // A bitmask, not a column: count each stage's bit.
    const sums = STAGES.map((_, i) => `sum((r.stages & ${1 << i}) <> 0)`).join(", ");
    const row = db.prepare<unknown[], Record<string, number | null>>(`SELECT ${sums} FROM requests r WHERE ${where.sql}`).raw().get(...where.params) as
      | (number | null)[]
      | undefined;
    const values = STAGES.map((value, i) => ({ value, count: row?.[i] ?? 0 }))
      .filter((v) => v.count > 0 && v.value.toLowerCase().startsWith(prefix.toLowerCase()))
      .sort((a, b) => b.count - a.count);
    return { field, values };
  }
  if (field === "flag") {
    const flags = FIELDS.flag.values;
    const sums = flags.map((f) => `sum((r.flags & ${REQUEST_FLAG[f]}) <> 0)`).join(", ");
    const row = db.prepare<unknown[], Record<string, number | null>>(`SELECT ${sums} FROM requests r WHERE ${where.sql}`).raw().get(...where.params) as
      | (number | null)[]
      | undefined;
    const values = flags
      .map((value, i) => ({ value: value as string, count: row?.[i] ?? 0 }))
      .filter((v) => v.count > 0 && v.value.startsWith(prefix.toLowerCase()))
      .sort((a, b) => b.count - a.count);
    return { field, values };
  }
  if (field === "rule") {
    // From the findings: the rules with hits among the matching requests, most hits first.
    const values = db
      .prepare<unknown[], Suggestion>(
        `SELECT fr.name AS value, count(*) AS count FROM finding_hits h JOIN finding_rules fr ON fr.id = h.rule
         JOIN requests r ON r.id = h.request_id
         WHERE ${where.sql} AND fr.name LIKE ? ESCAPE '\\' GROUP BY fr.name ORDER BY count DESC, value LIMIT ?`,
      )
      .all(...where.params, like, limit);
    return { field, values };
  }
  const source = SOURCES[field];
  if (!source) return { field, values: [] };
  let sql: string;
  if ("plain" in source) {
    sql = `SELECT ${source.plain} AS value, count(*) AS count FROM requests r
           WHERE ${where.sql} AND ${source.plain} LIKE ? ESCAPE '\\'
           GROUP BY 1 ORDER BY count DESC, 1 LIMIT ?`;
  } else {
    // Count per string id first (an index-friendly GROUP BY), then name the few distinct values: the
    // expression (ua_norm, rbac_part, json_each) runs per distinct value, not per request.
    const perId = `SELECT r.${source.column} AS id, count(*) AS n FROM requests r WHERE ${where.sql} AND r.${source.column} IS NOT NULL GROUP BY r.${source.column}`;
    const named = source.json
      ? `SELECT j.value AS value, c.n AS n FROM (${perId}) c JOIN strings s ON s.id = c.id,
           json_each(CASE WHEN json_valid(s.value) THEN s.value ELSE '[]' END) j`
      : `SELECT ${source.expr ?? "s.value"} AS value, c.n AS n FROM (${perId}) c JOIN strings s ON s.id = c.id`;
    sql = `SELECT value, sum(n) AS count FROM (${named}) WHERE value LIKE ? ESCAPE '\\'
           GROUP BY value ORDER BY count DESC, value LIMIT ?`;
  }
  const values = db.prepare<unknown[], Suggestion>(sql).all(...where.params, like, limit);
  return { field, values };
}
