import path from "node:path";
import { vi } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { findingsOf } from "@/lib/findings/engine";
import { loadRuleSet } from "@/lib/findings/rule-set";
import type { RuleSet } from "@/lib/findings/types";
import { ingestStream } from "@/lib/ingest/pipeline";
import { auditIdText } from "@/lib/store/sqlite/audit-id";
import type { Db } from "@/lib/store/sqlite/db";
import { StoredBodies } from "@/lib/store/sqlite/findings/bodies";
import { storeBodyContext } from "@/lib/store/sqlite/findings/context";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { matchableRequests } from "@/lib/store/sqlite/matchable";
import { jsonLines, makeEvent } from "../helpers/events";

/** Four rules of the tests' own: a plain match, a threshold, a sequence, and a body check. */
export const RULES_DIR = path.resolve(__dirname, "findings-rules");

/** The settings that load only the rules in `dir`: AUDITLENS_RULES_DIR, with every built-in disabled. */
export function fixtureRuleEnv(dir = RULES_DIR): { AUDITLENS_RULES_DIR: string; AUDITLENS_RULES_DISABLE: string } {
  const builtins = loadRuleSet({}).rules.filter((r) => r.source.builtin).map((r) => r.id);
  return { AUDITLENS_RULES_DIR: dir, AUDITLENS_RULES_DISABLE: builtins.join(",") };
}

/** Makes the process load only the fixture rules (vi.unstubAllEnvs undoes it), and returns them. */
export function stubFixtureRules(dir = RULES_DIR): RuleSet {
  for (const [name, value] of Object.entries(fixtureRuleEnv(dir))) vi.stubEnv(name, value);
  const set = loadRuleSet();
  if (set.problems.length > 0) throw new Error(JSON.stringify(set.problems));
  return set;
}

const BASE = Date.UTC(2024, 4, 10, 12, 0, 0);
const at = (seconds: number, extraUs = 0) => {
  const iso = new Date(BASE + seconds * 1000).toISOString(); // …:SS.000Z
  return `${iso.slice(0, 19)}.${String(extraUs).padStart(6, "0")}Z`;
};

export type RequestSpec = {
  s: number;
  user: string;
  verb?: string;
  ip?: string;
  code?: number;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  requestObject?: unknown;
};

let serial = 0;

/** A request as its two stage events: RequestReceived (no status) and ResponseComplete. */
export function request(spec: RequestSpec): AuditEvent[] {
  const id = `00000000-0000-4000-b000-${String(++serial).padStart(12, "0")}`;
  const code = spec.code ?? 200;
  const namespace = spec.namespace ?? "prod";
  const name = spec.name ?? "web-1";
  const resource = spec.resource ?? "pods";
  const body: Partial<AuditEvent> = spec.requestObject === undefined ? {} : { level: "Request", requestObject: spec.requestObject };
  const common = {
    auditID: id,
    verb: spec.verb ?? "get",
    user: { username: spec.user, groups: ["system:authenticated"] },
    sourceIPs: [spec.ip ?? "10.0.0.5"],
    objectRef: { resource, namespace, name, apiVersion: "v1", ...(spec.subresource ? { subresource: spec.subresource } : {}) },
    requestURI: `/api/v1/namespaces/${namespace}/${resource}/${name}${spec.subresource ? `/${spec.subresource}` : ""}`,
    requestReceivedTimestamp: at(spec.s, 100),
    ...body,
  };
  return [
    makeEvent({ ...common, stage: "RequestReceived", stageTimestamp: at(spec.s, 100), responseStatus: undefined, annotations: undefined }),
    makeEvent({
      ...common,
      stage: "ResponseComplete",
      stageTimestamp: at(spec.s, 9000),
      responseStatus: { metadata: {}, code } as AuditEvent["responseStatus"],
      annotations: { "authorization.k8s.io/decision": code === 403 ? "forbid" : "allow", "authorization.k8s.io/reason": "" },
    }),
  ];
}

export const pod = (name: string, privileged: boolean) => ({
  kind: "Pod",
  apiVersion: "v1",
  metadata: { name, namespace: "prod" },
  spec: { containers: [{ name: "app", image: "nginx:1.27", ...(privileged ? { securityContext: { privileged: true } } : {}) }] },
});

/**
 * Twenty minutes of traffic, each request two stage events, in time order. What the fixture rules find,
 * by reading it:
 * - test.exec: the execs of alice at 3:00, bob at 4:00 and dave at 20:00 (eve's at 8:00 was denied);
 * - test.denied-burst: mallory's four 403s from 1:00 to 1:30; not bob's two, nor carol's three spread
 *   over 65 s (never three within a minute), nor dave's three exactly a minute apart from first to last;
 * - test.create-then-exec: alice's create of web-1 at 2:00 and bob's exec at 4:00 (alice's own exec at 3:00
 *   does not count: `differ: [user]`); carol's web-2 exec'd by dave six minutes later is outside the window;
 * - test.privileged: alice's create of web-1 (its logged spec is privileged), not carol's web-2.
 */
export function traffic(): AuditEvent[] {
  const specs: RequestSpec[] = [];
  for (let i = 0; i < 40; i++) specs.push({ s: 15 + i * 30, user: ["ann", "ben", "cid"][i % 3]!, verb: i % 2 ? "list" : "get" });
  for (const s of [60, 70, 80, 90]) specs.push({ s, user: "mallory", ip: "10.9.9.9", code: 403, resource: "secrets", name: "db" });
  for (const s of [300, 420]) specs.push({ s, user: "bob", code: 403 });
  for (const s of [600, 630, 665]) specs.push({ s, user: "carol", code: 403 });
  for (const s of [720, 750, 780]) specs.push({ s, user: "dave", code: 403 });
  specs.push({ s: 120, user: "alice", verb: "create", code: 201, requestObject: pod("web-1", true) });
  specs.push({ s: 180, user: "alice", verb: "create", subresource: "exec" });
  specs.push({ s: 240, user: "bob", verb: "create", subresource: "exec" });
  specs.push({ s: 480, user: "eve", verb: "create", subresource: "exec", code: 403 });
  specs.push({ s: 840, user: "carol", verb: "create", code: 201, name: "web-2", requestObject: pod("web-2", false) });
  specs.push({ s: 1200, user: "dave", verb: "create", subresource: "exec", name: "web-2" });
  specs.sort((a, b) => a.s - b.s);
  return specs.flatMap(request);
}

export const TRAFFIC = traffic();
export const TRAFFIC_TEXT = jsonLines(TRAFFIC);

/** Ingests text as an upload would, in batches of `batchEvents` events. */
export async function ingestText(db: Db, text: string, batchEvents?: number) {
  async function* chunks() {
    yield Buffer.from(text);
  }
  return ingestStream(sqliteIngestTarget(db), chunks(), { cluster: "prod", source: "cli", filename: "audit.log", batchEvents });
}

/** The store's hits as "rule auditID key" lines, sorted: comparable between stores, whose request ids differ. */
export function hitsOf(db: Db): string[] {
  return db
    .prepare<[], { rule: string; audit_id: string | Buffer; key: string | null }>(
      `SELECT fr.name AS rule, r.audit_id, (SELECT value FROM finding_keys WHERE id = h.key) AS key FROM finding_hits h JOIN finding_rules fr ON fr.id = h.rule JOIN requests r ON r.id = h.request_id`,
    )
    .all()
    .map((row) => `${row.rule} ${auditIdText(row.audit_id)} ${row.key}`)
    .sort();
}

/** What the engine finds over the whole store at once (findingsOf), as hitsOf gives it: the reference. */
export function referenceHitsOf(db: Db, set: RuleSet): string[] {
  const bodies = new StoredBodies(db);
  const inputs = [...matchableRequests(db)].map(({ id, request }) => ({ id, request, bodies: bodies.of(id) }));
  const auditIds = new Map(inputs.map((i) => [i.id, i.request.auditID]));
  return findingsOf(set.rules, inputs, storeBodyContext(db))
    .map((h) => `${h.ruleId} ${auditIds.get(h.requestId)} ${h.key}`)
    .sort();
}

/** The requests of a hit list, by rule: for assertions that read like the traffic's description. */
export function countsByRule(hits: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const h of hits) {
    const rule = h.split(" ")[0]!;
    out[rule] = (out[rule] ?? 0) + 1;
  }
  return out;
}
