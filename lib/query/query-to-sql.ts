import { STAGES, LEVELS } from "@/lib/audit/event";
import { storedAuditId } from "@/lib/store/sqlite/audit-id";
import { REQUEST_FLAG } from "@/lib/audit/request-flags";
import type { FieldName, FIELDS } from "./fields";
import type { FilterNode as QueryNode, Match, TextMatch } from "./tree";
import type { SqlFragment } from "./to-sql";

/**
 * A parsed query → a WHERE fragment over `requests r`, bound parameters only. Dictionary columns are
 * matched through `IN (SELECT id FROM strings WHERE …)`: the subquery runs once over the distinct values,
 * then ids compare as integers. cidr_match, ua_norm, ua_tool, rbac_part and audit_id_text are registered by openDb.
 */

type Sql = SqlFragment;
const sql = (text: string, ...params: (string | number | Uint8Array)[]): Sql => ({ sql: text, params });


/** A literal string inside a GLOB pattern: each metacharacter becomes a one-character class. */
export const escapeGlob = (s: string) => s.replace(/[*?[]/g, (c) => `[${c}]`);

/** A pattern of the tree as a GLOB: its segments literal, a `*` between each two. */
export const globOf = (segments: string[]) => segments.map(escapeGlob).join("*");

const isAnything = (m: TextMatch) => m.kind === "pattern" && m.segments.every((s) => s === "");

/** The string-level condition on `value` for one match of a text field. */
function valueCond(m: Match, expr = "s.value"): Sql {
  switch (m.kind) {
    case "eq":
      return sql(`${expr} = ?`, m.value);
    case "pattern":
      return sql(`${expr} GLOB ?`, globOf(m.segments));
    default:
      throw new Error(`match ${m.kind} has no string condition`);
  }
}

function dict(column: string, m: Match, cond: (m: Match) => Sql = (x) => valueCond(x)): Sql {
  if (m.kind === "absent") return sql(`r.${column} IS NULL`);
  const c = cond(m);
  return { sql: `r.${column} IN (SELECT s.id FROM strings s WHERE ${c.sql})`, params: c.params };
}

function textColumn(column: string, m: Match, expr = `r.${column}`): Sql {
  if (m.kind === "absent") return sql(`r.${column} IS NULL`);
  return valueCond(m, expr);
}

/** An auditID is stored in 16 bytes when it is a UUID (lib/store/sqlite/audit-id.ts); rows written before, as text. */
function auditId(m: Match): Sql {
  if (m.kind === "eq") return sql("r.audit_id IN (?, ?)", storedAuditId(m.value), m.value);
  return textColumn("audit_id", m, "audit_id_text(r.audit_id)");
}

const OPS = { "=": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<=" } as const;

function numeric(column: string, m: Match, scale: number): Sql {
  if (m.kind === "absent") return sql(`r.${column} IS NULL`);
  if (m.kind === "range") return sql(`r.${column} >= ? AND r.${column} < ?`, m.from * scale, m.to * scale);
  if (m.kind === "cmp") return sql(`r.${column} ${OPS[m.op]} ?`, m.value * scale);
  throw new Error(`match ${m.kind} on a numeric field`);
}

function resource(m: Match): Sql {
  if (m.kind === "absent") return sql("r.resource_id IS NULL");
  if (m.kind !== "resource") return dict("resource_id", m);
  const parts: Sql[] = [];
  if (m.resource) parts.push(dict("resource_id", m.resource));
  else parts.push(sql("r.resource_id IS NOT NULL"));
  // "pods" means every pods request, subresources included; "pods/*" means any subresource of pods.
  if (m.subresource) {
    parts.push(
      isAnything(m.subresource) ? sql("r.subresource_id IS NOT NULL") : dict("subresource_id", m.subresource),
    );
  }
  return and(parts);
}

function groupsCond(m: Match): Sql {
  // groups_id points at the JSON array of the user's groups; only strings that are JSON arrays qualify.
  const c = valueCond(m, "j.value");
  return {
    sql: `s.value GLOB '[[]*' AND EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(s.value) THEN s.value ELSE '[]' END) j WHERE ${c.sql})`,
    params: c.params,
  };
}

/**
 * The raw user agent and its normalized form start alike ("kubectl/v1.30.3 …" → "kubectl 1.30.3"), so the
 * value's leading literal text is a GLOB prefix every match has: a C-speed filter before the JS functions.
 */
function uaPrefix(text: string): string {
  return `${escapeGlob(/^[^\s/]*/.exec(text)![0])}*`;
}

function uaCond(m: Match): Sql {
  // Raw string, or the normalized "kubectl 1.30.3", or just the tool name ("kubectl" = every version).
  if (m.kind === "pattern") {
    const glob = globOf(m.segments);
    return sql("s.value GLOB ? AND (s.value GLOB ? OR ua_norm(s.value) GLOB ?)", uaPrefix(m.segments[0]!), glob, glob);
  }
  if (m.kind === "eq") {
    return sql("s.value GLOB ? AND (s.value = ? OR ua_norm(s.value) = ? OR ua_tool(s.value) = ?)", uaPrefix(m.value), m.value, m.value, m.value);
  }
  throw new Error(`match ${m.kind} on ua`);
}

/**
 * A GLOB every address of the CIDR matches, checked before cidr_match: it runs in C over the whole
 * strings table (names, URIs, …), so the JS function only sees plausible addresses.
 */
function cidrPrefilter(cidr: string): string {
  const [address = "", bits = "0"] = cidr.split("/");
  if (address.includes(":")) return "*:*";
  const fixed = address.split(".").slice(0, Math.min(3, Math.floor(Number(bits) / 8)));
  return fixed.length === 0 ? "[0-9]*.*.*.*" : `${fixed.join(".")}.*`;
}

function ipCond(m: Match): Sql {
  if (m.kind === "cidr") return sql("s.value GLOB ? AND cidr_match(s.value, ?)", cidrPrefilter(m.cidr), m.cidr);
  return valueCond(m);
}

const RBAC_PARTS = { binding: "binding", role: "role", subject: "subject" } as const;

function fieldMatch(field: FieldName, m: Match): Sql {
  switch (field) {
    case "user":
      return dict("user_id", m);
    case "as":
      return dict("imp_user_id", m);
    case "usergroup":
      return dict("groups_id", m, groupsCond);
    case "verb":
      return dict("verb_id", m);
    case "resource":
      return resource(m);
    case "subresource":
      return dict("subresource_id", m);
    case "ns":
      return dict("namespace_id", m);
    case "name":
      return textColumn("name", m);
    case "group":
      // The core group is stored as "" (an objectRef without apiGroup).
      return dict("api_group_id", m.kind === "eq" && m.value === "core" ? { kind: "eq", value: "" } : m);
    case "version":
      return dict("api_version_id", m);
    case "code":
      return numeric("code", m, 1);
    case "latency":
      return numeric("latency_us", m, 1000);
    case "ip":
      return dict("source_ip_id", m, ipCond);
    case "ua":
      return dict("user_agent_id", m, uaCond);
    case "cluster":
      return dict("cluster_id", m);
    case "decision":
      if (m.kind === "absent") return sql("r.decision IS NULL");
      return sql("r.decision = ?", m.kind === "eq" && m.value === "forbid" ? 2 : 1);
    case "level":
      if (m.kind !== "eq") return sql("0");
      return sql("r.level = ?", LEVELS.indexOf(m.value as (typeof LEVELS)[number]));
    case "stage":
      if (m.kind !== "eq") return sql("0");
      return sql("(r.stages & ?) <> 0", 1 << STAGES.indexOf(m.value as (typeof STAGES)[number]));
    case "flag":
      if (m.kind !== "eq") return sql("0");
      return sql("(r.flags & ?) <> 0", REQUEST_FLAG[m.value as (typeof FIELDS.flag.values)[number]]);
    case "uri":
      return textColumn("uri", m);
    case "auditid":
      return auditId(m);
    case "reason":
      return dict("reason_id", m);
    case "binding":
    case "role":
    case "subject":
      // Only RBAC reasons name a binding: a GLOB skips every other string before the JS parser runs.
      return dict("reason_id", m, (x) => {
        const c = valueCond(x, `rbac_part(s.value, '${RBAC_PARTS[field]}')`);
        return { sql: `s.value GLOB '*allowed by *' AND ${c.sql}`, params: c.params };
      });
  }
}

function and(parts: Sql[]): Sql {
  if (parts.length === 0) return sql("1");
  if (parts.length === 1) return parts[0]!;
  return { sql: parts.map((p) => `(${p.sql})`).join(" AND "), params: parts.flatMap((p) => p.params) };
}

function or(parts: Sql[]): Sql {
  if (parts.length === 0) return sql("0");
  if (parts.length === 1) return parts[0]!;
  return { sql: parts.map((p) => `(${p.sql})`).join(" OR "), params: parts.flatMap((p) => p.params) };
}

/** An FTS5 query for one word (prefix, so results follow typing) or phrase; quotes make every character literal. */
export function ftsQuery(text: string, phrase: boolean): string {
  return `"${text.replaceAll('"', '""')}"${phrase ? "" : "*"}`;
}

export function queryToSql(node: QueryNode): Sql {
  switch (node.kind) {
    case "and":
      return and(node.items.map(queryToSql));
    case "or":
      return or(node.items.map(queryToSql));
    case "not": {
      // A negated term also matches requests where the field is absent: NULL counts as "not matched".
      const inner = queryToSql(node.item);
      return { sql: `NOT coalesce((${inner.sql}), 0)`, params: inner.params };
    }
    case "term":
      return or(node.matches.map((m) => fieldMatch(node.field, m)));
    case "time": {
      const parts: Sql[] = [];
      if (node.fromUs !== null) parts.push(sql("r.ts >= ?", node.fromUs));
      if (node.toUs !== null) parts.push(sql("r.ts < ?", node.toUs));
      return parts.length === 0 ? sql("1") : and(parts);
    }
    case "text": {
      // URI, name and message are indexed per request; user agents once each (migration 0012), their
      // requests found through their combinations.
      const match = ftsQuery(node.text, node.phrase);
      return {
        sql: `(r.id IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?)
          OR r.combo_id IN (SELECT c.id FROM request_combos c WHERE c.user_agent_id IN (SELECT rowid FROM user_agent_fts WHERE user_agent_fts MATCH ?)))`,
        params: [match, match],
      };
    }
  }
}
