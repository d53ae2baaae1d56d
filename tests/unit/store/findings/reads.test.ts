import { describe, expect, it } from "vitest";
import type { Filter } from "@/lib/query/filter";
import { withScopes } from "@/lib/query/scope";
import { recordComputed } from "@/lib/store/sqlite/findings/state";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { parseMicros } from "@/lib/time/micros";
import { makeEvent } from "../../helpers/events";
import { insertHits } from "../../helpers/findings";
import { tempDb } from "../../helpers/temp-db";
import { writeEvents } from "../../helpers/write-events";

const time = (minute: number) => `2024-05-10T12:${String(minute).padStart(2, "0")}:00.000000Z`;
const us = (minute: number) => parseMicros(time(minute));
const at = (minute: number) => ({ requestReceivedTimestamp: time(minute), stageTimestamp: time(minute).replace(".000000Z", ".020000Z") });
const pod = (namespace: string) => ({ resource: "pods", namespace, name: "web-1", apiVersion: "v1" });

/**
 * Cluster "test": prod's pods at minutes 0 (alice), 1 (bob) and 10 (alice), dev's at 2, a node at 3;
 * cluster "other": prod's pod at 5. k8s.pod-exec found every request but bob's, k8s.secret-read bob's
 * and the one at 10.
 */
function store() {
  const { db } = tempDb();
  writeEvents(db, [
    makeEvent({ ...at(0), objectRef: pod("prod") }),
    makeEvent({ ...at(1), objectRef: pod("prod"), user: { username: "bob" } }),
    makeEvent({ ...at(2), objectRef: pod("dev") }),
    makeEvent({ ...at(3), objectRef: { resource: "nodes", name: "n1", apiVersion: "v1" }, requestURI: "/api/v1/nodes/n1" }),
    makeEvent({ ...at(10), objectRef: pod("prod") }),
  ], "test");
  writeEvents(db, [makeEvent({ ...at(5), objectRef: pod("prod") })], "other");
  const ids = new Map(db.prepare<[], { id: number; ts: number }>("SELECT id, ts FROM requests").all().map((r) => [(r.ts - us(0)) / 60e6, r.id]));
  const id = (minute: number) => ids.get(minute)!;
  // Exactly the hits below, whatever the built-in rules find in these requests as they are stored.
  db.exec("DELETE FROM finding_hits");
  insertHits(db, [
    ...[0, 2, 3, 5, 10].map((m) => ({ rule: "k8s.pod-exec", requestId: id(m) })),
    { rule: "k8s.secret-read", requestId: id(1), key: '["bob","10.0.0.5"]' },
    { rule: "k8s.secret-read", requestId: id(10), detail: "privileged: container app" },
  ]);
  return { db, s: sqliteStore(db), id };
}

const all: Filter = {};
const prodOnly = [{ cluster: "test", namespaces: ["prod"] }];

describe("findings.summary", () => {
  it("counts each rule's hits with their first and last, most hits first", async () => {
    const { s } = store();
    const summary = await s.findings.summary(all);
    expect(summary.map(({ ruleId, count, firstUs, lastUs }) => ({ ruleId, count, firstUs, lastUs }))).toEqual([
      { ruleId: "k8s.pod-exec", count: 5, firstUs: us(0), lastUs: us(10) },
      { ruleId: "k8s.secret-read", count: 2, firstUs: us(1), lastUs: us(10) },
    ]);
  });

  it("counts only the hits on requests the filter matches", async () => {
    const { s } = store();
    const counts = async (f: Filter) => (await s.findings.summary(f)).map((r) => [r.ruleId, r.count]);
    expect(await counts({ q: "user:alice ns:prod" })).toEqual([["k8s.pod-exec", 3], ["k8s.secret-read", 1]]);
    expect(await counts({ cluster: ["other"] })).toEqual([["k8s.pod-exec", 1]]);
    expect(await counts({ from: time(4), to: time(11) })).toEqual([["k8s.pod-exec", 2], ["k8s.secret-read", 1]]);
    expect(await counts({ q: "user:nobody" })).toEqual([]);
  });

  it("never counts a hit outside the principal's scopes", async () => {
    const { s } = store();
    const scoped = await s.findings.summary(withScopes(all, prodOnly));
    // dev's pod, the node and the other cluster's pod are outside cluster test's prod.
    expect(scoped.map((r) => [r.ruleId, r.count, r.firstUs, r.lastUs])).toEqual([
      ["k8s.pod-exec", 2, us(0), us(10)],
      ["k8s.secret-read", 2, us(1), us(10)],
    ]);
    expect(await s.findings.summary(withScopes({ q: "ns:dev" }, prodOnly))).toEqual([]);
  });

  it("draws every rule on one frame: the filter's range, in readable buckets", async () => {
    const { s } = store();
    // 20 minutes in about 40 buckets: 30 s each, from 12:00.
    const summary = await s.findings.summary({ from: time(0), to: time(20) }, { buckets: 40 });
    for (const r of summary) {
      expect(r.timeline.startUs).toBe(us(0));
      expect(r.timeline.bucketUs).toBe(30e6);
      expect(r.timeline.counts).toHaveLength(40);
      expect(r.timeline.counts.reduce((a, b) => a + b, 0)).toBe(r.count);
    }
    const exec = summary.find((r) => r.ruleId === "k8s.pod-exec")!.timeline.counts;
    expect(Object.fromEntries(exec.flatMap((n, i) => (n > 0 ? [[i, n]] : [])))).toEqual({ 0: 1, 4: 1, 6: 1, 10: 1, 20: 1 });
  });

  it("spans the hits shown when the filter has no range", async () => {
    const { s } = store();
    const [exec] = await s.findings.summary(all, { buckets: 11 });
    // From the first hit to just past the last, 10 minutes, in at most 11 buckets: a minute each.
    expect(exec!.timeline).toEqual({ startUs: us(0), bucketUs: 60e6, counts: [1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1] });
    const [one] = await s.findings.summary(all, { buckets: 0 });
    expect(one!.timeline).toEqual({ startUs: us(0), bucketUs: 30 * 60e6, counts: [5] });
  });
  it("makes one bucket asked for one bucket over the whole frame, holding each rule's count", async () => {
    const { s } = store();
    // 11:55 to 12:05 in readable buckets of at most one would be 10 minutes from 11:50: two of them.
    const summary = await s.findings.summary({ from: "2024-05-10T11:55:00Z", to: time(5) }, { buckets: 1 });
    expect(summary.map((r) => [r.ruleId, r.count, r.timeline])).toEqual([
      ["k8s.pod-exec", 3, { startUs: us(0) - 10 * 60e6, bucketUs: 20 * 60e6, counts: [3] }],
      ["k8s.secret-read", 1, { startUs: us(0) - 10 * 60e6, bucketUs: 20 * 60e6, counts: [1] }],
    ]);
  });
});

describe("findings.hits", () => {
  it("pages a rule's hits oldest first, with the total on every page", async () => {
    const { s, id } = store();
    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await s.findings.hits("k8s.pod-exec", all, { limit: 2, cursor });
      expect(page.total).toBe(5);
      pages.push(page.hits.map((h) => h.requestId));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(pages).toEqual([[id(0), id(2)], [id(3), id(5)], [id(10)]]);
  });

  it("gives each hit's time, key and detail", async () => {
    const { s, id } = store();
    const { hits, next } = await s.findings.hits("k8s.secret-read", all, { limit: 10 });
    expect(hits).toEqual([
      { requestId: id(1), tsUs: us(1), key: '["bob","10.0.0.5"]', detail: null },
      { requestId: id(10), tsUs: us(10), key: null, detail: "privileged: container app" },
    ]);
    expect(next).toBeNull();
  });

  it("keeps to the filter and the scopes", async () => {
    const { s, id } = store();
    const scoped = await s.findings.hits("k8s.pod-exec", withScopes(all, prodOnly), { limit: 1 });
    expect([scoped.hits.map((h) => h.requestId), scoped.total]).toEqual([[id(0)], 2]);
    const rest = await s.findings.hits("k8s.pod-exec", withScopes(all, prodOnly), { limit: 1, cursor: scoped.next! });
    expect([rest.hits.map((h) => h.requestId), rest.next]).toEqual([[id(10)], null]);
    const bob = await s.findings.hits("k8s.pod-exec", { q: "user:bob" }, { limit: 10 });
    expect([bob.hits, bob.total, bob.next]).toEqual([[], 0, null]);
  });

  it("has none for a rule that found nothing, and starts over on a cursor it did not hand out", async () => {
    const { s, id } = store();
    expect(await s.findings.hits("k8s.unknown", all, { limit: 10 })).toEqual({ hits: [], total: 0, next: null });
    const page = await s.findings.hits("k8s.pod-exec", all, { limit: 1, cursor: "garbage" });
    expect(page.hits.map((h) => h.requestId)).toEqual([id(0)]);
  });
});

describe("findings.ofRequest", () => {
  it("lists the rules that found a request, with their detail", async () => {
    const { s, id } = store();
    expect(await s.findings.ofRequest(id(10), null)).toEqual([
      { ruleId: "k8s.pod-exec", detail: null },
      { ruleId: "k8s.secret-read", detail: "privileged: container app" },
    ]);
    expect(await s.findings.ofRequest(id(10), prodOnly)).toHaveLength(2);
  });

  it("says nothing of a request outside the scopes, or of an unknown one", async () => {
    const { s, id } = store();
    expect(await s.findings.ofRequest(id(2), prodOnly)).toEqual([]);
    expect(await s.findings.ofRequest(id(3), prodOnly)).toEqual([]);
    expect(await s.findings.ofRequest(id(5), prodOnly)).toEqual([]);
    expect(await s.findings.ofRequest(9999, null)).toEqual([]);
  });
});

describe("findings.status", () => {
  it("is current for the fingerprint the findings were computed with", async () => {
    const { db, s } = store();
    recordComputed(db, "abc", 1_700_000_000_000_000);
    expect(await s.findings.status("abc")).toEqual({ current: true, computedAt: 1_700_000_000_000 });
    expect(await s.findings.status("def")).toEqual({ current: false, computedAt: 1_700_000_000_000 });
  });
});

describe("findings kept as requests are stored", () => {
  it("are what the reads and rule: give", async () => {
    const { db } = tempDb();
    const exec = { resource: "pods", subresource: "exec", namespace: "prod", name: "web-1", apiVersion: "v1" };
    writeEvents(db, [
      makeEvent({ ...at(0) }),
      makeEvent({ ...at(1), verb: "create", objectRef: exec, requestURI: "/api/v1/namespaces/prod/pods/web-1/exec?command=sh", responseStatus: { metadata: {}, code: 101 } as never }),
    ]);
    const s = sqliteStore(db);
    const [execId] = (await s.requests.page({ q: "rule:k8s.pod-exec" }, { limit: 10 })).items.map((r) => r.id);
    expect(execId).toBeDefined();
    expect((await s.findings.summary(all)).find((r) => r.ruleId === "k8s.pod-exec")).toMatchObject({ count: 1, firstUs: us(1), lastUs: us(1) });
    expect((await s.findings.hits("k8s.pod-exec", all, { limit: 10 })).hits.map((h) => h.requestId)).toEqual([execId]);
    expect(await s.findings.ofRequest(execId!, null)).toContainEqual({ ruleId: "k8s.pod-exec", detail: null });
  });
});

describe("the rule: field and suggestions", () => {
  it("selects exactly a rule's requests, and completes rule ids", async () => {
    const { s, id } = store();
    const ids = async (q: string) => (await s.requests.page({ q }, { limit: 50 })).items.map((r) => r.id).sort((a, b) => a - b);
    expect(await ids("rule:k8s.secret-read")).toEqual([id(1), id(10)]);
    expect(await ids('rule:""')).toEqual([]);
    expect(await ids("-rule:k8s.pod-exec")).toEqual([id(1)]);
    const suggestions = await s.suggest("rule", "k8s.s", withScopes(all, prodOnly));
    expect(suggestions.values).toEqual([{ value: "k8s.secret-read", count: 2 }]);
  });
});
