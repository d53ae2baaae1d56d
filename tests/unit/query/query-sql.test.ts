import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { QuerySyntaxError } from "@/lib/query/errors";
import type { Db } from "@/lib/store/sqlite/db";
import { listRequestsFrom } from "@/lib/store/sqlite/requests";
import { suggestFrom } from "@/lib/store/sqlite/suggest";
import { migration0003 } from "@/lib/store/sqlite/migrations/0003_fulltext";
import { migration0012 } from "@/lib/store/sqlite/migrations/0012_user_agent_text";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { writeEvents } from "../helpers/write-events";


const RBAC_ADMIN = 'RBAC: allowed by ClusterRoleBinding "ops-admins" of ClusterRole "admin" to Group "ops"';
const RBAC_PUBLIC = 'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:authenticated"';

/** A small store where each request differs from the others in the fields the tests pick on. */
function store(): Db {
  const { db } = tempDb();
  writeEvents(db, [
    makeEvent({ auditID: "alice-delete", verb: "delete", requestURI: "/apis/apps/v1/namespaces/prod/deployments/api",
      objectRef: { resource: "deployments", namespace: "prod", name: "api", apiGroup: "apps", apiVersion: "v1" },
      user: { username: "alice", groups: ["devs", "system:authenticated"] }, sourceIPs: ["10.1.2.3"],
      annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": RBAC_ADMIN } }),
    makeEvent({ auditID: "alice-get", verb: "get", level: "RequestResponse" }),
    makeEvent({ auditID: "bob-forbidden", verb: "list", requestURI: "/api/v1/namespaces/kube-system/secrets",
      objectRef: { resource: "secrets", namespace: "kube-system", apiVersion: "v1" },
      user: { username: "bob", groups: ["system:authenticated"] }, sourceIPs: ["192.168.1.20"],
      userAgent: "curl/8.5.0",
      responseStatus: { code: 403, message: "secrets is forbidden: User \"bob\" cannot list resource" } as AuditEvent["responseStatus"],
      annotations: { "authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": "" } }),
    makeEvent({ auditID: "node-logs", verb: "get", requestURI: "/api/v1/namespaces/prod/pods/web-1/log",
      objectRef: { resource: "pods", subresource: "log", namespace: "prod", name: "web-1", apiVersion: "v1" },
      user: { username: "system:node:n1", groups: ["system:nodes"] }, sourceIPs: ["2001:db8::7"],
      userAgent: "kubelet/v1.29.1 (linux/amd64) kubernetes/abc",
      requestReceivedTimestamp: "2024-05-10T12:00:01.000000Z", stageTimestamp: "2024-05-10T12:00:01.900000Z" }),
    makeEvent({ auditID: "exec", verb: "create", requestURI: "/api/v1/namespaces/dev/pods/db-0/exec?command=sh",
      objectRef: { resource: "pods", subresource: "exec", namespace: "dev", name: "db-0", apiVersion: "v1" },
      user: { username: "carol" }, impersonatedUser: { username: "system:admin" }, sourceIPs: ["10.200.0.1"],
      responseStatus: { code: 101 } as AuditEvent["responseStatus"],
      annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": RBAC_PUBLIC } }),
    makeEvent({ auditID: "healthz", verb: "get", requestURI: "/healthz", objectRef: undefined, user: { username: "system:anonymous" },
      sourceIPs: ["127.0.0.1"], userAgent: "kube-probe/1.30", responseStatus: { code: 500, message: "etcd not ready" } as AuditEvent["responseStatus"],
      stage: "Panic" }),
    makeEvent({ auditID: "star-name", verb: "patch", requestURI: "/api/v1/namespaces/prod/configmaps/a*b",
      objectRef: { resource: "configmaps", namespace: "prod", name: "a*b", apiVersion: "v1" } }),
  ], "default");
  return db;
}

function ids(db: Db, q: string, cluster?: string): string[] {
  const filter = cluster ? { q, cluster: [cluster] } : { q };
  return listRequestsFrom(db, filter, { limit: 100, cursor: undefined }).items.map((r) => r.auditID).sort();
}

const ALL = ["alice-delete", "alice-get", "bob-forbidden", "exec", "healthz", "node-logs", "star-name"];
const without = (...drop: string[]) => ALL.filter((id) => !drop.includes(id));

describe("query language → SQL on a real store", () => {
  const db = () => store();

  it.each([
    ["user:alice", ["alice-delete", "alice-get", "star-name"]],
    ["user:system:*", ["healthz", "node-logs"]],
    ["-user:system:*", without("healthz", "node-logs")],
    ["user:alice,bob", ["alice-delete", "alice-get", "bob-forbidden", "star-name"]],
    ["as:system:admin", ["exec"]],
    ["-as:system:admin", without("exec")],
    ["usergroup:devs", ["alice-delete", "alice-get", "star-name"]],
    ["usergroup:system:node*", ["node-logs"]],
    ["-usergroup:system:authenticated", ["exec", "healthz", "node-logs"]],
    ["verb:delete,patch", ["alice-delete", "star-name"]],
    ["resource:pods", ["alice-get", "exec", "node-logs"]],
    ["resource:pods/log", ["node-logs"]],
    ["resource:*/exec", ["exec"]],
    ["resource:pods/*", ["exec", "node-logs"]],
    ["resource:secrets,deployments", ["alice-delete", "bob-forbidden"]],
    ["subresource:log", ["node-logs"]],
    ["ns:prod", ["alice-delete", "alice-get", "node-logs", "star-name"]],
    ["namespace:kube-*", ["bob-forbidden"]],
    ['ns:""', ["healthz"]],
    ["-ns:prod", ["bob-forbidden", "exec", "healthz"]],
    ["name:web-*", ["alice-get", "node-logs"]],
    ['name:"a\\*b"', ["star-name"]],
    ["name:a*b", ["star-name"]],
    ["group:apps", ["alice-delete"]],
    ["group:core", without("alice-delete", "healthz")],
    ["version:v1", without("healthz")],
    ["code:403", ["bob-forbidden"]],
    ["code:>=400", ["bob-forbidden", "healthz"]],
    ["code:4xx", ["bob-forbidden"]],
    ["code:<200", ["exec"]],
    ["code:!=200", ["bob-forbidden", "exec", "healthz"]],
    ["code:1xx,5xx", ["exec", "healthz"]],
    ["latency:>500", ["node-logs"]],
    ["latency:<=12.5", without("node-logs")],
    ["ip:10.1.2.3", ["alice-delete"]],
    ["ip:10.*", ["alice-get", "alice-delete", "exec", "star-name"].sort()],
    ["ip:10.0.0.0/8", ["alice-delete", "alice-get", "exec", "star-name"]],
    ["ip:10.1.0.0/16", ["alice-delete"]],
    ["ip:192.168.0.0/16", ["bob-forbidden"]],
    ["ip:2001:db8::/32", ["node-logs"]],
    ["ip:::/0", ["node-logs"]],
    ["ip:0.0.0.0/0", without("node-logs")],
    ["ip:10.1.2.3/32", ["alice-delete"]],
    ["ip:10.1.2.0/31", []],
    ["ip:127.0.0.0/8,2001:db8::/64", ["healthz", "node-logs"]],
    ["-ip:10.0.0.0/8", ["bob-forbidden", "healthz", "node-logs"]],
    ["ua:curl*", ["bob-forbidden"]],
    ["ua:*probe*", ["healthz"]],
    ["ua:kube*", without("bob-forbidden")],
    ["ua:kube-probe", ["healthz"]],
    ['ua:"kubelet 1.29.1"', ["node-logs"]],
    ["ua:kubectl", ["alice-delete", "alice-get", "exec", "star-name"]],
    ['ua:"kubectl 1.30.*"', ["alice-delete", "alice-get", "exec", "star-name"]],
    ["decision:forbid", ["bob-forbidden"]],
    ["decision:allow", without("bob-forbidden")],
    ["level:RequestResponse", ["alice-get"]],
    ["stage:Panic", ["healthz"]],
    ["stage:ResponseComplete", without("healthz")],
    ["uri:/healthz", ["healthz"]],
    ["uri:*/exec?*", ["exec"]],
    ["auditid:alice-get", ["alice-get"]],
    ["reason:RBAC:*", ["alice-delete", "exec"]],
    ["binding:ops-admins", ["alice-delete"]],
    ['binding:"system:public-info-viewer"', ["exec"]],
    ["role:admin", ["alice-delete"]],
    ['subject:"system:authenticated"', ["exec"]],
    ["-role:admin", without("alice-delete")],
  ])("%s", (q, expected) => {
    expect(ids(db(), q)).toEqual([...expected].sort());
  });

  it("finds UUID auditIDs (stored in 16 bytes) exactly and by pattern, and shows them as written", () => {
    const { db } = tempDb();
    const uuid = "6b5f2a4e-93c1-4d8e-b0a7-1f2e3d4c5b6a";
    writeEvents(db, [makeEvent({ auditID: uuid }), makeEvent({ auditID: "6B5F2A4E-93C1-4D8E-B0A7-1F2E3D4C5B6A" }), makeEvent({ auditID: "plain" })]);
    expect(ids(db, `auditid:${uuid}`)).toEqual([uuid]);
    expect(ids(db, "auditid:6b5f2a4e-*")).toEqual([uuid]);
    expect(ids(db, "auditid:6B5F2A4E-93C1-4D8E-B0A7-1F2E3D4C5B6A")).toEqual(["6B5F2A4E-93C1-4D8E-B0A7-1F2E3D4C5B6A"]);
    expect(ids(db, "-auditid:plain")).toEqual(["6B5F2A4E-93C1-4D8E-B0A7-1F2E3D4C5B6A", uuid].sort());
    // Written again, the same UUID is the same request.
    writeEvents(db, [makeEvent({ auditID: uuid, stage: "RequestReceived" })]);
    expect(ids(db, `auditid:${uuid}`)).toEqual([uuid]);
    // A store written before keeps UUIDs as text: still found, and still the same request when written again.
    const older = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
    writeEvents(db, [makeEvent({ auditID: older })]);
    db.prepare("UPDATE requests SET audit_id = ? WHERE audit_id = ?").run(older, Buffer.from(older.replaceAll("-", ""), "hex"));
    expect(db.prepare("SELECT typeof(audit_id) AS t FROM requests WHERE audit_id = ?").get(older)).toEqual({ t: "text" });
    expect(ids(db, `auditid:${older}`)).toEqual([older]);
    expect(ids(db, `-auditid:${older}`)).not.toContain(older);
    writeEvents(db, [makeEvent({ auditID: older, stage: "RequestReceived" })]);
    expect(ids(db, `auditid:${older}`)).toEqual([older]);
  });

  it("combines terms with AND, OR, parentheses and negated groups", () => {
    const d = db();
    expect(ids(d, "user:alice verb:delete")).toEqual(["alice-delete"]);
    expect(ids(d, "verb:delete OR code:403")).toEqual(["alice-delete", "bob-forbidden"]);
    expect(ids(d, "ns:prod (verb:delete OR verb:patch)")).toEqual(["alice-delete", "star-name"]);
    expect(ids(d, "-(ns:prod OR ns:dev)")).toEqual(["bob-forbidden", "healthz"]);
    expect(ids(d, "user:alice verb:get OR user:bob")).toEqual(["alice-get", "bob-forbidden"]);
  });

  it("searches free text in the URI, name, message and user agent, case-insensitively", () => {
    const d = db();
    expect(ids(d, "healthz")).toEqual(["healthz"]); // URI
    expect(ids(d, "HEALTH")).toEqual(["healthz"]); // word prefix, case folded
    expect(ids(d, "db-0")).toEqual(["exec"]); // name
    expect(ids(d, "etcd")).toEqual(["healthz"]); // response message
    expect(ids(d, '"cannot list"')).toEqual(["bob-forbidden"]); // phrase
    expect(ids(d, '"list cannot"')).toEqual([]);
    expect(ids(d, "kubelet")).toEqual(["node-logs"]); // user agent
    expect(ids(d, "-kubectl")).toEqual(["bob-forbidden", "healthz", "node-logs"]);
    expect(ids(d, "deployments user:alice")).toEqual(["alice-delete"]);
    expect(ids(d, '"zz\\"yy" OR exec')).toEqual(["exec"]); // a quote in the text is searched, not FTS syntax
    expect(ids(d, '"a\\"b"')).toEqual(["star-name"]); // punctuation separates words: a*b reads as "a b"
    expect(ids(d, "NEAR")).toEqual([]); // FTS operators are plain words
  });

  it("keeps the FTS row in step when a later stage changes the request", () => {
    const { db: d } = tempDb();
    writeEvents(d, [makeEvent({ auditID: "x", stage: "RequestReceived", responseStatus: undefined, requestURI: "/api/v1/first" })], "default");
    writeEvents(d, [makeEvent({ auditID: "x", stage: "ResponseComplete", requestURI: "/api/v1/second",
      responseStatus: { code: 404, message: "gone away" } as AuditEvent["responseStatus"] })], "default");
    expect(ids(d, "second")).toEqual(["x"]);
    expect(ids(d, "first")).toEqual([]);
    expect(ids(d, "gone")).toEqual(["x"]);
  });

  it("filters by cluster both as a field and with the other filters", () => {
    const d = store();
    writeEvents(d, [makeEvent({ auditID: "other-cluster", user: { username: "alice" } })], "staging");
    expect(ids(d, "cluster:staging")).toEqual(["other-cluster"]);
    expect(ids(d, "user:alice", "staging")).toEqual(["other-cluster"]);
    expect(ids(d, "-cluster:staging user:alice")).toEqual(["alice-delete", "alice-get", "star-name"]);
  });

  it("throws QuerySyntaxError, with its position, from the store", () => {
    expect(() => ids(db(), "verb:get usr:alice")).toThrow(QuerySyntaxError);
    try {
      ids(db(), "verb:get usr:alice");
    } catch (err) {
      expect((err as QuerySyntaxError).position).toBe(9);
    }
  });
});

describe("migration 0003 (full text)", () => {
  it("back-fills the FTS index from requests stored before it", () => {
    const { db: d } = tempDb();
    writeEvents(d, [makeEvent({ auditID: "old", requestURI: "/api/v1/namespaces/prod/pods/legacy-pod" })], "default");
    // Simulate a store from before 0003: drop the index, then run the migration again.
    d.exec("DROP TABLE requests_fts");
    d.exec(migration0003.sql);
    expect(ids(d, "legacy")).toEqual(["old"]);
  });
});

describe("migration 0012 (user agents indexed once each)", () => {
  it("rebuilds the per-request index without agents and indexes the agents already stored", () => {
    const { db: d } = tempDb();
    writeEvents(d, [makeEvent({ auditID: "old", userAgent: "argocd-application-controller/v2.11", requestURI: "/apis/apps/v1/deployments" })], "default");
    // Simulate a store from before 0012: the per-request index with its user_agent column, no agent index.
    d.exec("DROP TABLE user_agent_fts; DROP TABLE requests_fts");
    d.exec(migration0003.sql);
    d.exec(migration0012.sql);
    expect(ids(d, "argocd")).toEqual(["old"]);
    expect(ids(d, "deployments")).toEqual(["old"]);
    const columns = d.prepare("SELECT name FROM pragma_table_info('requests_fts')").all();
    expect(columns).toEqual([{ name: "uri" }, { name: "name" }, { name: "message" }]);
    // New agents are indexed as their first request is written.
    writeEvents(d, [makeEvent({ auditID: "new", userAgent: "flux-kustomize/1.2" })], "default");
    expect(ids(d, "kustomize")).toEqual(["new"]);
  });
});

describe("suggestFrom", () => {
  it("lists a field's top values among the filtered requests, prefix-matched case-insensitively", () => {
    const d = store();
    expect(suggestFrom(d, "user", "", {}).values[0]).toEqual({ value: "alice", count: 3 });
    expect(suggestFrom(d, "user", "SYS", {}).values.map((v) => v.value).sort()).toEqual(["system:anonymous", "system:node:n1"]);
    expect(suggestFrom(d, "user", "", { q: "verb:delete" }).values).toEqual([{ value: "alice", count: 1 }]);
    expect(suggestFrom(d, "usergroup", "dev", {}).values).toEqual([{ value: "devs", count: 3 }]);
    expect(suggestFrom(d, "ua", "kube", {}).values).toEqual([
      { value: "kubectl 1.30.3", count: 4 },
      { value: "kube-probe 1.30", count: 1 },
      { value: "kubelet 1.29.1", count: 1 },
    ]);
    expect(suggestFrom(d, "group", "", {}).values).toEqual([
      { value: "core", count: 5 },
      { value: "apps", count: 1 },
    ]);
    expect(suggestFrom(d, "code", "4", {}).values).toEqual([{ value: "403", count: 1 }]);
    expect(suggestFrom(d, "decision", "f", {}).values).toEqual([{ value: "forbid", count: 1 }]);
    expect(suggestFrom(d, "binding", "", {}).values.map((v) => v.value).sort()).toEqual(["ops-admins", "system:public-info-viewer"]);
    expect(suggestFrom(d, "stage", "", {}).values).toEqual([
      { value: "ResponseComplete", count: 6 },
      { value: "Panic", count: 1 },
    ]);
    expect(suggestFrom(d, "name", "", {}).values).toEqual([]);
    expect(suggestFrom(d, "user", "a_", {}).values).toEqual([]); // LIKE wildcards in the prefix are literal
  });
});
