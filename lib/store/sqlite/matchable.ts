import "server-only";
import { levelName, stagesFromBits } from "@/lib/audit/stages";
import type { NormalizedEvent } from "@/lib/ingest/normalize";
import type { MatchableRequest, RequestFlag } from "@/lib/query/matchable";
import { auditIdText } from "./audit-id";
import type { Db } from "./db";
import { REQUEST_FLAG } from "@/lib/audit/request-flags";
import { ROW_COLUMNS, ROW_JOINS, type DbRow } from "./requests";

const DECISIONS = [null, "allow", "forbid"] as const;
const FLAGS: RequestFlag[] = ["future", "conflict", "truncated"];

const decisionName = (decision: number | null) => DECISIONS[decision ?? 0] ?? null;
const flagNames = (flags: number) => FLAGS.filter((f) => (flags & REQUEST_FLAG[f]) !== 0);

type Row = DbRow & { reason: string | null; message: string | null; rules: string };

function matchable(r: Row): MatchableRequest {
  return {
    tsUs: r.ts,
    cluster: r.cluster,
    auditID: auditIdText(r.audit_id),
    user: r.user,
    groups: r.groups === null ? null : (JSON.parse(r.groups) as string[]),
    impersonatedUser: r.imp_user,
    verb: r.verb,
    apiGroup: r.api_group,
    apiVersion: r.api_version,
    resource: r.resource,
    subresource: r.subresource,
    namespace: r.namespace,
    name: r.name,
    requestURI: r.uri,
    code: r.code,
    latencyUs: r.latency_us,
    sourceIP: r.source_ip,
    userAgent: r.user_agent,
    level: levelName(r.level),
    stages: stagesFromBits(r.stages),
    decision: decisionName(r.decision),
    flags: flagNames(r.flags),
    reason: r.reason,
    message: r.message,
    rules: JSON.parse(r.rules) as string[],
  };
}

/**
 * Every stored request as the in-memory evaluator sees it (lib/query/evaluate.ts), in id order, one row
 * at a time: the differential test compares it with the SQL answers, and rules can replay a store.
 */
export function* matchableRequests(db: Db): Generator<{ id: number; request: MatchableRequest }> {
  const rows = db
    .prepare<[], Row>(
      `SELECT ${ROW_COLUMNS}, rr.value AS reason, r.message,
         (SELECT json_group_array(name) FROM (SELECT fr.name FROM finding_hits h JOIN finding_rules fr ON fr.id = h.rule
          WHERE h.request_id = r.id ORDER BY fr.name)) AS rules
       FROM requests r ${ROW_JOINS} LEFT JOIN strings rr ON rr.id = r.reason_id ORDER BY r.id`,
    )
    .iterate();
  for (const row of rows) yield { id: row.id, request: matchable(row) };
}

/** The dictionary columns (strings.id) a MatchableRequest reads, by the DbRow field they fill. */
const STRING_COLUMNS = {
  cluster: "cluster_id", verb: "verb_id", user: "user_id", groups: "groups_id", imp_user: "imp_user_id",
  source_ip: "source_ip_id", user_agent: "user_agent_id", api_group: "api_group_id", api_version: "api_version_id",
  resource: "resource_id", subresource: "subresource_id", namespace: "namespace_id", reason: "reason_id",
} as const;
type StringField = keyof typeof STRING_COLUMNS;
type IdRow = Omit<Row, StringField | "rules"> & Record<StringField, number | null>;

/**
 * The stored requests among `ids`, as the evaluator sees them: rules are evaluated on each request a
 * batch changed. Ids no request has any more are left out. `rules` is left empty: this is what the rules
 * themselves are evaluated on, and a rule cannot use `rule:`. The strings are looked up once per distinct
 * id rather than joined per row: for 10 000 requests of the benchmark's log (750 distinct strings), the
 * thirteen joins took 1.0–1.8 s against 0.5–0.6 s for this, on a busy 2-core machine.
 */
export function matchableByIds(db: Db, ids: readonly number[]): Map<number, MatchableRequest> {
  const out = new Map<number, MatchableRequest>();
  if (ids.length === 0) return out;
  const fields = Object.keys(STRING_COLUMNS) as StringField[];
  const rows = db
    .prepare<[string], IdRow>(
      `SELECT r.id, r.audit_id, r.ts, r.latency_us, r.stages, r.flags, r.level, r.name, r.uri, r.code, r.decision, r.message,
         ${fields.map((f) => `r.${STRING_COLUMNS[f]} AS ${f}`).join(", ")}
       FROM requests r WHERE r.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids));
  const wanted = new Set<number>();
  for (const row of rows) for (const f of fields) if (row[f] !== null) wanted.add(row[f]);
  const values = new Map(
    db
      .prepare<[string], { id: number; value: string }>("SELECT id, value FROM strings WHERE id IN (SELECT value FROM json_each(?))")
      .all(JSON.stringify([...wanted]))
      .map((r) => [r.id, r.value]),
  );
  const text = (id: number | null) => (id === null ? null : (values.get(id) ?? null));
  for (const row of rows) {
    const named = Object.fromEntries(fields.map((f) => [f, text(row[f])])) as Record<StringField, string | null>;
    out.set(row.id, matchable({ ...row, ...named, cluster: named.cluster!, verb: named.verb!, rules: "[]" }));
  }
  return out;
}

/** The columns of a request row the writer computes itself rather than copies from the event it shows. */
export type SavedCounters = { ts: number; latencyUs: number | null; stages: number; flags: number };

/** The event's texts a MatchableRequest reads. */
const EVENT_TEXTS = [
  "verb", "user", "groups", "impersonatedUser", "sourceIP", "userAgent", "apiGroup", "apiVersion", "resource",
  "subresource", "namespace", "name", "uri", "reason", "message",
] as const satisfies readonly (keyof NormalizedEvent)[];

// String.prototype.isWellFormed is in Node 20 (package.json engines), not yet in the ES2022 lib.
const wellFormed = (s: string | null) => s === null || (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * A request the writer has just saved, as matchableByIds would read it back: the event it shows (whose
 * values it stored as they are, strings through the dictionary) and the counters it stored. Rules on
 * ingest are evaluated on every request a batch changed, and reading each back cost a tenth of an ingest.
 * null when a text holds a lone surrogate (a JSON escape can make one): SQLite stores it as UTF-8 and it
 * reads back as U+FFFD, so only reading it back gives what the store holds.
 */
export function matchableOfSaved(cluster: string, auditID: string, b: NormalizedEvent, saved: SavedCounters): MatchableRequest | null {
  if (!wellFormed(cluster) || !wellFormed(auditID)) return null;
  for (const field of EVENT_TEXTS) if (!wellFormed(b[field])) return null;
  return {
    tsUs: saved.ts,
    cluster,
    auditID,
    user: b.user,
    groups: b.groups === null ? null : (JSON.parse(b.groups) as string[]),
    impersonatedUser: b.impersonatedUser,
    verb: b.verb,
    apiGroup: b.apiGroup,
    apiVersion: b.apiVersion,
    resource: b.resource,
    subresource: b.subresource,
    namespace: b.namespace,
    name: b.name,
    requestURI: b.uri,
    code: b.code,
    latencyUs: saved.latencyUs,
    sourceIP: b.sourceIP,
    userAgent: b.userAgent,
    level: levelName(b.level),
    stages: stagesFromBits(saved.stages),
    decision: decisionName(b.decision),
    flags: flagNames(saved.flags),
    reason: b.reason,
    message: b.message,
    rules: [],
  };
}
