import { podSessionPart } from "@/lib/audit/pod-session";
import { parseRbacReason } from "@/lib/audit/rbac-reason";
import { normalizeUserAgent } from "@/lib/audit/user-agent";
import { inCidr } from "./cidr";
import type { FieldName } from "./fields";
import { TEXT_FIELD_VALUES } from "./field-values";
import { holdsPhrase, textQuery, tokenize, type TextQuery } from "./free-text";
import type { MatchableRequest } from "./matchable";
import type { CompareOp, FilterNode, Match, TextMatch } from "./tree";

/**
 * The in-memory evaluator: whether a request is in a filter's answer. Every backend must return exactly
 * the requests this accepts (tests/unit/query/differential.test.ts holds SQLite to it); detection rules,
 * the policy simulator and live notifications run it on requests that are in no store yet.
 */
export function matches(tree: FilterNode, request: MatchableRequest): boolean {
  switch (tree.kind) {
    case "and":
      return tree.items.every((item) => matches(item, request));
    case "or":
      return tree.items.some((item) => matches(item, request));
    case "not":
      // A term on an absent field is false, so its negation holds: "-as:x" keeps requests without impersonation.
      return !matches(tree.item, request);
    case "term": {
      if (tree.field === "ua") return userAgentTermMatches(tree, request.userAgent);
      const values = exactValues(tree);
      if (values !== null) return exactTermMatches(tree.field, values, request);
      return tree.matches.some((m) => fieldMatches(tree.field, m, request));
    }
    case "time":
      return (tree.fromUs === null || request.tsUs >= tree.fromUs) && (tree.toUs === null || request.tsUs < tree.toUs);
    case "text":
      return textMatches(queryOf(tree), request);
  }
}

/** `*` stands for any run of characters; the rest compares case-sensitively, as GLOB does. */
function globMatches(segments: readonly string[], value: string): boolean {
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const found = value.indexOf(segments[i]!, at);
    if (found < 0 || found + segments[i]!.length > end) return false;
    at = found + segments[i]!.length;
  }
  return true;
}

const isTextMatch = (m: Match): m is TextMatch => m.kind === "eq" || m.kind === "pattern";

function textIs(m: TextMatch, value: string): boolean {
  return m.kind === "eq" ? value === m.value : globMatches(m.segments, value);
}

/** A text field: absent when null; exact or pattern otherwise; any other kind of match holds for nothing. */
function textField(m: Match, value: string | null): boolean {
  if (m.kind === "absent") return value === null;
  return value !== null && isTextMatch(m) && textIs(m, value);
}

const isAnything = (m: TextMatch) => m.kind === "pattern" && m.segments.every((s) => s === "");

function compare(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
  }
}

/** Milliseconds are compared with stored microseconds as `value * 1000`, in doubles, as the SQL is. */
function numberField(m: Match, value: number | null, scale: number): boolean {
  if (m.kind === "absent") return value === null;
  if (value === null) return false;
  if (m.kind === "range") return value >= m.from * scale && value < m.to * scale;
  return m.kind === "cmp" && compare(value, m.op, m.value * scale);
}

function resourceField(m: Match, r: MatchableRequest): boolean {
  if (m.kind !== "resource") return textField(m, r.resource);
  // "pods" is every pods request, subresources included; "pods/*" any subresource of pods.
  const resource = m.resource ? textField(m.resource, r.resource) : r.resource !== null;
  if (!resource || !m.subresource) return resource;
  return isAnything(m.subresource) ? r.subresource !== null : textField(m.subresource, r.subresource);
}

/** The raw agent, its normalized "kubectl 1.30.3", or (exact values only) the tool "kubectl", every version. */
function userAgentField(m: Match, ua: string | null): boolean {
  if (m.kind === "absent" || ua === null || !isTextMatch(m)) return textField(m, ua);
  const normalized = normalizeUserAgent(ua);
  if (textIs(m, ua) || (normalized !== null && textIs(m, normalized))) return true;
  const tool = normalized === null ? null : (/^(\S+) \d/.exec(normalized)?.[1] ?? null);
  return m.kind === "eq" && tool === m.value;
}

function ipField(m: Match, ip: string | null): boolean {
  if (m.kind === "cidr") return ip !== null && inCidr(ip, m.cidr);
  return textField(m, ip);
}

function groupsField(m: Match, groups: readonly string[] | null): boolean {
  if (m.kind === "absent") return groups === null || groups.length === 0;
  return groups !== null && isTextMatch(m) && groups.some((g) => textIs(m, g));
}

/** Any rule that found the request; `rule:""` holds for a request no rule found. */
function rulesField(m: Match, rules: readonly string[]): boolean {
  if (m.kind === "absent") return rules.length === 0;
  return isTextMatch(m) && rules.some((id) => textIs(m, id));
}

/** An enum field always has a value: it holds for its own value only (`level:""` holds for nothing). */
const enumField = (m: Match, has: (value: string) => boolean) => m.kind === "eq" && has(m.value);

function fieldMatches(field: FieldName, m: Match, r: MatchableRequest): boolean {
  switch (field) {
    case "user":
      return textField(m, r.user);
    case "as":
      return textField(m, r.impersonatedUser);
    case "actor":
      return textField(m, r.impersonatedUser ?? r.user);
    case "usergroup":
      return groupsField(m, r.groups);
    case "verb":
      return textField(m, r.verb);
    case "resource":
      return resourceField(m, r);
    case "subresource":
      return textField(m, r.subresource);
    case "ns":
      return textField(m, r.namespace);
    case "name":
      return textField(m, r.name);
    case "group":
      // The core group is stored as "": objectRef without apiGroup.
      return textField(m.kind === "eq" && m.value === "core" ? { kind: "eq", value: "" } : m, r.apiGroup);
    case "version":
      return textField(m, r.apiVersion);
    case "code":
      return numberField(m, r.code, 1);
    case "latency":
      return numberField(m, r.latencyUs, 1000);
    case "ip":
      return ipField(m, r.sourceIP);
    case "ua":
      return userAgentField(m, r.userAgent);
    case "cluster":
      return textField(m, r.cluster);
    case "decision":
      return m.kind === "absent" ? r.decision === null : enumField(m, (v) => v === r.decision);
    case "level":
      return enumField(m, (v) => v === r.level);
    case "stage":
      return enumField(m, (v) => r.stages.some((s) => s === v));
    case "flag":
      return enumField(m, (v) => r.flags.some((f) => f === v));
    case "uri":
      return textField(m, r.requestURI);
    case "auditid":
      return textField(m, r.auditID);
    case "reason":
      return textField(m, r.reason);
    case "binding":
    case "role":
    case "subject":
      // Only an RBAC reason names them; a request allowed otherwise has none (`binding:""`).
      return textField(m, parseRbacReason(r.reason)?.[field] ?? null);
    case "command":
    case "container":
      // Only in the URI's query string (pod-session.ts).
      return textField(m, podSessionPart(field, r.subresource, r.requestURI));
    case "rule":
      return rulesField(m, r.rules);
  }
}


type Term = Extract<FilterNode, { kind: "term" }>;
const exactSets = new WeakMap<Term, Set<string> | null>();

/**
 * A term listing only exact values of a one-valued text field (or `ua`), as a set: detection rules run
 * on every stored request, and a rule such as the scanner one lists ~30 agents. null: not such a term.
 */
function exactValues(term: Term): Set<string> | null {
  let set = exactSets.get(term);
  if (set === undefined) {
    const simple = term.field === "ua" || term.field in TEXT_FIELD_VALUES;
    const values = term.matches.flatMap((m) => (m.kind === "eq" ? [m.value] : []));
    set = simple && values.length > 1 && values.length === term.matches.length ? new Set(values) : null;
    exactSets.set(term, set);
  }
  return set;
}

/** What `some(fieldMatches)` gives for such a term: the field's value is one of them. */
function exactTermMatches(field: FieldName, values: Set<string>, r: MatchableRequest): boolean {
  if (field === "ua") return exactAgentMatches(values, r.userAgent);
  const value = TEXT_FIELD_VALUES[field as keyof typeof TEXT_FIELD_VALUES](r);
  return value !== null && values.has(value);
}

const AGENT_MEMO_SIZE = 10_000;
const agentVerdicts = new WeakMap<Term, Map<string | null, boolean>>();

/**
 * A `ua:` term's answer depends on the agent alone, and a store holds a few hundred agents while rules
 * ask on every request (the scanner rule with ~30 values and patterns): each agent is judged once per term.
 */
function userAgentTermMatches(term: Term, ua: string | null): boolean {
  let verdicts = agentVerdicts.get(term);
  if (!verdicts) agentVerdicts.set(term, (verdicts = new Map()));
  let verdict = verdicts.get(ua);
  if (verdict === undefined) {
    const values = exactValues(term);
    verdict = values !== null ? exactAgentMatches(values, ua) : term.matches.some((m) => userAgentField(m, ua));
    if (verdicts.size >= AGENT_MEMO_SIZE) verdicts.clear();
    verdicts.set(ua, verdict);
  }
  return verdict;
}

/** What `some(userAgentField)` gives for a list of exact values: the raw, normalized or tool name of the agent is one of them. */
function exactAgentMatches(values: Set<string>, ua: string | null): boolean {
  if (ua === null) return false;
  const normalized = normalizeUserAgent(ua);
  if (values.has(ua) || (normalized !== null && values.has(normalized))) return true;
  const tool = normalized === null ? null : (/^(\S+) \d/.exec(normalized)?.[1] ?? null);
  return tool !== null && values.has(tool);
}

const queries = new WeakMap<FilterNode, TextQuery>();

function queryOf(node: Extract<FilterNode, { kind: "text" }>): TextQuery {
  let q = queries.get(node);
  if (!q) queries.set(node, (q = textQuery(node.text, node.phrase)));
  return q;
}

/** A request's texts as the free-text index holds them, tokenized once per request object. */
type Texts = { columns: string[][]; userAgent: string[] };
const texts = new WeakMap<MatchableRequest, Texts>();

function textsOf(r: MatchableRequest): Texts {
  let t = texts.get(r);
  if (!t) {
    const columns = [r.requestURI, r.name, r.message].flatMap((s) => (s === null ? [] : [tokenize(s)]));
    texts.set(r, (t = { columns, userAgent: r.userAgent === null ? [] : tokenize(r.userAgent) }));
  }
  return t;
}

/** Free text searches the URI, the object name, the response message and the user agent; a phrase stays within one. */
function textMatches(q: TextQuery, r: MatchableRequest): boolean {
  const t = textsOf(r);
  return t.columns.some((tokens) => holdsPhrase(tokens, q)) || holdsPhrase(t.userAgent, q);
}
