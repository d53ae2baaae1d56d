import { describe, expect, it } from "vitest";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { findingsOverview, findingsStrip, requestFindings } from "@/lib/findings/view";
import { hitRequests, ruleHitsPage } from "@/lib/findings/view-detail";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { makeEvent } from "../../helpers/events";
import { insertHits } from "../../helpers/findings";
import { tempDb } from "../../helpers/temp-db";
import { writeEvents } from "../../helpers/write-events";

const at = (minute: number) => ({
  requestReceivedTimestamp: `2024-05-10T12:0${minute}:00.000000Z`,
  stageTimestamp: `2024-05-10T12:0${minute}:00.020000Z`,
});
const inNs = (namespace: string, resource: string, name: string) => ({ resource, namespace, name, apiVersion: "v1" });
const prodOnly = [{ cluster: "test", namespaces: ["prod"] }];

/**
 * Cluster "test": a pod in prod (0), a RoleBinding in prod (1), a Secret in prod (2), a Secret in dev (3).
 * Exactly these hits: pod-exec on the pod; powerful-role-binding on the binding, quoting the ClusterRole
 * it names; forbidden-burst (a threshold rule) on both Secrets, the burst spanning prod and dev.
 */
function store() {
  const { db } = tempDb();
  writeEvents(db, [
    makeEvent({ ...at(0), objectRef: inNs("prod", "pods", "web-1") }),
    makeEvent({ ...at(1), objectRef: { ...inNs("prod", "rolebindings", "ops"), apiGroup: "rbac.authorization.k8s.io" } }),
    makeEvent({ ...at(2), objectRef: inNs("prod", "secrets", "db") }),
    makeEvent({ ...at(3), objectRef: inNs("dev", "secrets", "db") }),
  ]);
  const ids = db.prepare<[], { id: number }>("SELECT id FROM requests ORDER BY ts").all().map((r) => r.id);
  db.exec("DELETE FROM finding_hits");
  insertHits(db, [
    { rule: "k8s.pod-exec", requestId: ids[0]! },
    { rule: "k8s.powerful-role-binding", requestId: ids[1]!, detail: "binds ClusterRole ops-admin: verbs *" },
    { rule: "k8s.forbidden-burst", requestId: ids[2]!, key: '["bob","10.0.0.5"]' },
    { rule: "k8s.forbidden-burst", requestId: ids[3]!, key: '["bob","10.0.0.5"]' },
  ]);
  return { db, s: sqliteStore(db), ids };
}

const rules = () => loadRuleSet({});

describe("what a scoped principal sees of the findings", () => {
  it("lists no correlation rule on the Findings page or the dashboard strip, though its hit is in scope", async () => {
    const { s } = store();
    const ids = async (scopes: typeof prodOnly | null) => (await findingsOverview(s, rules(), {}, scopes)).rules.map((r) => r.id).sort();
    expect(await ids(null)).toEqual(["k8s.forbidden-burst", "k8s.pod-exec", "k8s.powerful-role-binding"]);
    expect(await ids(prodOnly)).toEqual(["k8s.pod-exec", "k8s.powerful-role-binding"]);
    expect(await findingsStrip(s, rules(), {}, null)).toEqual([
      { severity: "high", rules: 2 },
      { severity: "medium", rules: 1 },
    ]);
    expect(await findingsStrip(s, rules(), {}, prodOnly)).toEqual([{ severity: "high", rules: 2 }]);
  });

  it("withholds a correlation rule's hits on its page, and says so", async () => {
    const { s } = store();
    const unscoped = await ruleHitsPage(s, rules(), "k8s.forbidden-burst", {}, null, { limit: 10 });
    expect([unscoped?.total, unscoped?.withheld]).toEqual([2, false]);
    const scoped = await ruleHitsPage(s, rules(), "k8s.forbidden-burst", {}, prodOnly, { limit: 10 });
    expect(scoped).toMatchObject({ rule: { id: "k8s.forbidden-burst", loaded: true }, hits: [], total: 0, next: null, withheld: true });
    expect(scoped?.episodes).toBeUndefined();
  });

  it("shows no rule it cannot tell the kind of: one no longer loaded is a 404", async () => {
    const { s } = store();
    const disabled = loadRuleSet({ AUDITLENS_RULES_DISABLE: "k8s.pod-exec" });
    expect(await ruleHitsPage(s, disabled, "k8s.pod-exec", {}, null, { limit: 10 })).toMatchObject({ total: 1, rule: { loaded: false } });
    expect(await ruleHitsPage(s, disabled, "k8s.pod-exec", {}, prodOnly, { limit: 10 })).toBeNull();
    expect((await findingsOverview(s, disabled, {}, prodOnly)).rules.map((r) => r.id)).toEqual(["k8s.powerful-role-binding"]);
  });

  it("reads no detail that quotes another object, on the rule page or the request page", async () => {
    const { s, ids } = store();
    const details = async (scopes: typeof prodOnly | null) =>
      (await ruleHitsPage(s, rules(), "k8s.powerful-role-binding", {}, scopes, { limit: 10 }))?.hits.map((h) => h.detail);
    expect(await details(null)).toEqual(["binds ClusterRole ops-admin: verbs *"]);
    expect(await details(prodOnly)).toEqual([null]);
    expect((await requestFindings(s, rules(), ids[1]!, null)).map((f) => f.detail)).toEqual(["binds ClusterRole ops-admin: verbs *"]);
    expect(await requestFindings(s, rules(), ids[1]!, prodOnly)).toEqual([
      expect.objectContaining({ id: "k8s.powerful-role-binding", detail: null }),
    ]);
  });

  it("lists no correlation rule among the rules that found a request", async () => {
    const { s, ids } = store();
    expect((await requestFindings(s, rules(), ids[2]!, null)).map((f) => f.id)).toEqual(["k8s.forbidden-burst"]);
    expect(await requestFindings(s, rules(), ids[2]!, prodOnly)).toEqual([]);
    expect((await requestFindings(s, rules(), ids[0]!, prodOnly)).map((f) => f.id)).toEqual(["k8s.pod-exec"]);
  });

  it("keeps the rule: field as it is: it selects requests, it shows no hit", async () => {
    const { s, ids } = store();
    const page = await s.requests.page({ q: "rule:k8s.forbidden-burst", scopes: prodOnly }, { limit: 10 });
    expect(page.items.map((r) => r.id)).toEqual([ids[2]]);
  });
});

describe("a rule page's requests", () => {
  it("are read by id without their events, within the scopes", async () => {
    const { s, ids } = store();
    const all = await hitRequests(s, [ids[0]!, ids[3]!, 9999], null);
    expect([...all.keys()].sort((a, b) => a - b)).toEqual([ids[0], ids[3]]);
    expect(all.get(ids[3]!)).toEqual(expect.objectContaining({ id: ids[3], verb: "get", resource: "secrets", namespace: "dev", name: "db", cluster: "test" }));
    expect([...(await hitRequests(s, [ids[0]!, ids[3]!], prodOnly)).keys()]).toEqual([ids[0]]);
    expect((await hitRequests(s, [], null)).size).toBe(0);
  });
});

describe("the not checked counts", () => {
  it("count each distinct match once, and give every body rule its count", async () => {
    const { db, s } = store();
    // A pod created, logged at Metadata: every rule checking pod specs could not look at it.
    writeEvents(db, [makeEvent({ ...at(4), verb: "create", requestURI: "/api/v1/namespaces/prod/pods", objectRef: inNs("prod", "pods", "web-2") })]);
    const filters: string[] = [];
    const counting = { ...s, requests: { ...s.requests, count: (f: Parameters<typeof s.requests.count>[0]) => (filters.push(f.q ?? ""), s.requests.count(f)) } };
    const ruleSet = rules();
    const bodyRules = ruleSet.rules.filter((r) => r.body !== null);
    const podRules = bodyRules.filter((r) => r.match?.includes("resource:pods -subresource:*")).map((r) => r.id);
    expect(podRules.length).toBeGreaterThan(1);
    const view = await findingsOverview(counting, ruleSet, {}, null);
    expect(filters).toHaveLength(new Set(bodyRules.map((r) => r.match)).size);
    expect(new Set(filters).size).toBe(filters.length);
    expect(view.unchecked.map((u) => [u.id, u.notChecked]).sort()).toEqual(podRules.map((id) => [id, 1]).sort());
  });
});
