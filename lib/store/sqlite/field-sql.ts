import "server-only";
import { STAGES, LEVELS } from "@/lib/audit/event";
import type { FieldName, FIELDS } from "@/lib/query/fields";
import type { Match, TextMatch } from "@/lib/query/tree";
import { storedAuditId } from "./audit-id";
import { REQUEST_FLAG } from "@/lib/audit/request-flags";
import { POD_SESSION_SUBRESOURCES } from "@/lib/audit/pod-session";
import { and, not, or, sql, type SqlFragment as Sql } from "./sql-fragment";

/**
 * One term of the parse tree → a WHERE fragment over `requests r`, bound parameters only. Dictionary
 * columns are matched through `IN (SELECT s.id FROM strings s WHERE …)`: the subquery runs once over the
 * distinct values, then ids compare as integers. cidr_match, ua_norm, ua_tool, rbac_part, pod_session_part
 * and audit_id_text are registered by openDb (sql-functions.ts).
 */

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

/**
 * An agent that starts with whitespace, which ua_norm and ua_tool trim (as String.prototype.trim does) before
 * they read it: such an agent's normalized form need not start as the raw text does, so it skips the prefix.
 */
const LEADING_SPACE = "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*";

function uaCond(m: Match): Sql {
  // Raw string, or the normalized "kubectl 1.30.3", or just the tool name ("kubectl" = every version).
  if (m.kind === "pattern") {
    const glob = globOf(m.segments);
    return sql("(s.value GLOB ? OR s.value GLOB ?) AND (s.value GLOB ? OR ua_norm(s.value) GLOB ?)", uaPrefix(m.segments[0]!), LEADING_SPACE, glob, glob);
  }
  if (m.kind === "eq") {
    return sql(
      "(s.value GLOB ? OR s.value GLOB ?) AND (s.value = ? OR ua_norm(s.value) = ? OR ua_tool(s.value) = ?)",
      uaPrefix(m.value), LEADING_SPACE, m.value, m.value, m.value,
    );
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

/** Only RBAC reasons name a binding: a GLOB skips every other string before the JS parser runs. */
const rbacCond = (part: RbacPart) => (m: Match): Sql => {
  const c = valueCond(m, `rbac_part(s.value, '${part}')`);
  return { sql: `s.value GLOB '*allowed by *' AND ${c.sql}`, params: c.params };
};

type RbacPart = "binding" | "role" | "subject";

/**
 * `binding:""`: the reason names no binding. That is a request without a reason, and as much one allowed
 * by a webhook, the Node authorizer or `system:masters`, whose reason is not an RBAC one.
 */
const rbacAbsent = (part: RbacPart): Sql =>
  sql(`NOT coalesce(r.reason_id IN (SELECT s.id FROM strings s WHERE s.value GLOB '*allowed by *' AND rbac_part(s.value, '${part}') IS NOT NULL), 0)`);

/**
 * A field stored as an id into `strings`: its column, and the condition one match puts on `s.value`.
 * Without `cond`, a match is the string itself, and exact values share one `IN` list.
 */
export type DictField = { column: string; cond?: (m: Match) => Sql; absent?: Sql };

export const DICT_FIELDS: Partial<Record<FieldName, DictField>> = {
  user: { column: "user_id" },
  as: { column: "imp_user_id" },
  actor: { column: "actor_id" },
  usergroup: { column: "groups_id", cond: groupsCond },
  verb: { column: "verb_id" },
  subresource: { column: "subresource_id" },
  ns: { column: "namespace_id" },
  group: { column: "api_group_id" },
  version: { column: "api_version_id" },
  ip: { column: "source_ip_id", cond: ipCond },
  ua: { column: "user_agent_id", cond: uaCond },
  cluster: { column: "cluster_id" },
  reason: { column: "reason_id" },
  binding: { column: "reason_id", cond: rbacCond("binding"), absent: rbacAbsent("binding") },
  role: { column: "reason_id", cond: rbacCond("role"), absent: rbacAbsent("role") },
  subject: { column: "reason_id", cond: rbacCond("subject"), absent: rbacAbsent("subject") },
};

/** The core group is stored as "" (an objectRef without apiGroup). */
const stored = (field: FieldName, m: Match): Match => (field === "group" && m.kind === "eq" && m.value === "core" ? { kind: "eq", value: "" } : m);

/** What a stored string must be to satisfy one of `matches` (none absent) of a dictionary field. */
export function valuesCond(field: FieldName, spec: DictField, matches: Match[]): Sql {
  const ms = matches.map((m) => stored(field, m));
  if (spec.cond) return or(ms.map(spec.cond));
  const values = ms.flatMap((m) => (m.kind === "eq" ? [m.value] : []));
  const parts = ms.filter((m) => m.kind !== "eq").map((m) => valueCond(m));
  if (values.length === 1) parts.unshift(sql("s.value = ?", values[0]!));
  if (values.length > 1) parts.unshift({ sql: `s.value IN (${values.map(() => "?").join(", ")})`, params: values });
  return or(parts);
}

/** `r.column` is one of the strings `cond` selects. */
export const inStrings = (column: string, cond: Sql): Sql => ({
  sql: `r.${column} IN (SELECT s.id FROM strings s WHERE ${cond.sql})`,
  params: cond.params,
});

function dictTerm(field: FieldName, spec: DictField, matches: Match[]): Sql {
  const present = matches.filter((m) => m.kind !== "absent");
  const parts: Sql[] = [];
  if (present.length < matches.length) parts.push(spec.absent ?? sql(`r.${spec.column} IS NULL`));
  if (present.length > 0) parts.push(inStrings(spec.column, valuesCond(field, spec, present)));
  return or(parts);
}

function textColumn(column: string, m: Match, expr = `r.${column}`): Sql {
  if (m.kind === "absent") return sql(`r.${column} IS NULL`);
  return valueCond(m, expr);
}

/**
 * `command:` and `container:` are only in the URI's query string (lib/audit/pod-session.ts): the subresource
 * narrows the rows to exec (attach, port-forward, log) requests through the dictionary before JS reads a URI.
 */
function podSession(part: "command" | "container", m: Match): Sql {
  const kinds: string[] = part === "command" ? ["exec"] : [...POD_SESSION_SUBRESOURCES];
  const of = inStrings("subresource_id", { sql: `s.value IN (${kinds.map(() => "?").join(", ")})`, params: kinds });
  const value = `pod_session_part((SELECT s.value FROM strings s WHERE s.id = r.subresource_id), r.uri, '${part}')`;
  if (m.kind === "absent") return not(and([of, sql(`${value} IS NOT NULL`)]));
  return and([of, valueCond(m, value)]);
}

/** An auditID is stored in 16 bytes when it is a UUID (audit-id.ts); rows written before, as text. */
function auditId(m: Match): Sql {
  if (m.kind === "eq") return sql("r.audit_id IN (?, ?)", storedAuditId(m.value), m.value);
  return textColumn("audit_id", m, "audit_id_text(r.audit_id)");
}

/**
 * `rule:` is read from the findings (finding_hits, migration 0028): the rules are picked by name, then
 * their hits' requests by id, so a rule with a few hundred hits costs as many lookups, not a scan of
 * every request (as an EXISTS per request would). `rule:""` is a request no rule found.
 */
function ruleTerm(matches: Match[]): Sql {
  const present = matches.filter((m) => m.kind !== "absent");
  const parts: Sql[] = [];
  if (present.length < matches.length) parts.push(sql("r.id NOT IN (SELECT h.request_id FROM finding_hits h)"));
  if (present.length > 0) {
    const names = or(present.map((m) => valueCond(m, "fr.name")));
    parts.push({
      sql: `r.id IN (SELECT h.request_id FROM finding_hits h WHERE h.rule IN (SELECT fr.id FROM finding_rules fr WHERE ${names.sql}))`,
      params: names.params,
    });
  }
  return or(parts);
}

const OPS = { "=": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<=" } as const;

function numeric(column: string, matches: Match[], scale: number): Sql {
  // Exact values share one IN list, as the status codes of a URL do.
  const exact = matches.flatMap((m) => (m.kind === "cmp" && m.op === "=" ? [m.value * scale] : []));
  const parts: Sql[] = exact.length > 1 ? [{ sql: `r.${column} IN (${exact.map(() => "?").join(", ")})`, params: exact }] : [];
  for (const m of matches) {
    if (exact.length > 1 && m.kind === "cmp" && m.op === "=") continue;
    if (m.kind === "absent") parts.push(sql(`r.${column} IS NULL`));
    else if (m.kind === "range") parts.push(sql(`r.${column} >= ? AND r.${column} < ?`, m.from * scale, m.to * scale));
    else if (m.kind === "cmp") parts.push(sql(`r.${column} ${OPS[m.op]} ?`, m.value * scale));
    else throw new Error(`match ${m.kind} on a numeric field`);
  }
  return or(parts);
}

function resource(m: Match): Sql {
  if (m.kind === "absent") return sql("r.resource_id IS NULL");
  if (m.kind !== "resource") return inStrings("resource_id", valueCond(m));
  const parts: Sql[] = [];
  if (m.resource) parts.push(inStrings("resource_id", valueCond(m.resource)));
  else parts.push(sql("r.resource_id IS NOT NULL"));
  // "pods" means every pods request, subresources included; "pods/*" means any subresource of pods.
  if (m.subresource) {
    parts.push(isAnything(m.subresource) ? sql("r.subresource_id IS NOT NULL") : inStrings("subresource_id", valueCond(m.subresource)));
  }
  return and(parts);
}

function fieldMatch(field: FieldName, m: Match): Sql {
  switch (field) {
    case "resource":
      return resource(m);
    case "name":
      return textColumn("name", m);
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
    case "command":
    case "container":
      return podSession(field, m);
    default:
      throw new Error(`field ${field} is compiled elsewhere`);
  }
}

/** A term: the field matches one of `matches`. */
export function termSql(field: FieldName, matches: Match[]): Sql {
  const dict = DICT_FIELDS[field];
  if (dict) return dictTerm(field, dict, matches);
  if (field === "code") return numeric("code", matches, 1);
  if (field === "latency") return numeric("latency_us", matches, 1000);
  if (field === "rule") return ruleTerm(matches);
  return or(matches.map((m) => fieldMatch(field, m)));
}

/** The columns of `requests` a term on each field reads: a rollup table can answer it when it has them all. */
export function fieldColumns(field: FieldName): readonly string[] {
  return DICT_FIELDS[field] ? [DICT_FIELDS[field].column] : OTHER_COLUMNS[field]!;
}

const OTHER_COLUMNS: Partial<Record<FieldName, readonly string[]>> = {
  resource: ["resource_id", "subresource_id"],
  name: ["name"],
  code: ["code"],
  latency: ["latency_us"],
  decision: ["decision"],
  level: ["level"],
  stage: ["stages"],
  flag: ["flags"],
  uri: ["uri"],
  auditid: ["audit_id"],
  command: ["subresource_id", "uri"],
  container: ["subresource_id", "uri"],
  // In no rollup: a filter on findings is answered from the matching requests themselves.
  rule: ["id"],
};
