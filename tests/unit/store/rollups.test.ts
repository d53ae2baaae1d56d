import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { normalizeEvent, type NormalizedEvent } from "@/lib/ingest/normalize";
import type { Filter } from "@/lib/query/filter";
import { filterToSql } from "@/lib/store/sqlite/tree-to-sql";
import { DIMENSIONS } from "@/lib/store/types";
import { openDb, type Db } from "@/lib/store/sqlite/db";
import { migrations } from "@/lib/store/sqlite/migrations";
import { countRequests, listRequestsFrom, queryContext, summaryFrom } from "@/lib/store/sqlite/requests";
import { createRun } from "@/lib/store/sqlite/runs";
import { decodeStageEvents } from "@/lib/store/sqlite/stage-events";
import { statsFrom } from "@/lib/store/sqlite/stats";
import { BatchWriter } from "@/lib/store/sqlite/writer";
import { parseMicros } from "@/lib/time/micros";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";

/** A small deterministic PRNG, so the fixture is the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USERS = ["alice", "bob", "system:node:n1", "system:kube-scheduler", "system:serviceaccount:kube-system:rs", "system:serviceaccount:ci:deployer"];
const VERBS = ["get", "list", "watch", "create", "patch", "delete"];
const RESOURCES: [string, string | undefined, string | undefined][] = [
  ["pods", undefined, undefined],
  ["pods", undefined, "log"],
  ["deployments", "apps", undefined],
  ["leases", "coordination.k8s.io", undefined],
  ["secrets", undefined, undefined],
];
const NAMESPACES = ["prod", "dev", "kube-system", undefined];
const CODES = [200, 200, 200, 201, 403, 404, 409];

const START_US = Date.UTC(2024, 4, 10, 12, 0, 0) * 1000;
const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString().replace("Z", `${String(us % 1000).padStart(3, "0")}Z`);

/**
 * Requests over three days, most in the first three hours, with random breakdown values. The two stages of a request are written in
 * different batches and the second sometimes changes what the first said (code, user agent) or moves the
 * request's start into the previous minute — the rollups must follow each change.
 */
function fixture(count: number): { first: NormalizedEvent[]; second: NormalizedEvent[] } {
  const rnd = prng(7);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const first: NormalizedEvent[] = [];
  const second: NormalizedEvent[] = [];
  const norm = (e: AuditEvent) => {
    const n = normalizeEvent(e, JSON.stringify(e));
    if (typeof n === "string") throw new Error(n);
    return n;
  };
  for (let i = 0; i < count; i++) {
    // Most within three hours (minute bars); a fifth over three days, so "all data" draws 30-minute bars.
    const receivedUs = START_US + Math.floor(rnd() * (rnd() < 0.8 ? 3 : 72) * 3600e6);
    const [resource, apiGroup, subresource] = pick(RESOURCES);
    const namespace = pick(NAMESPACES);
    const common = {
      auditID: `rollup-${i}`,
      verb: pick(VERBS),
      user: { username: pick(USERS), groups: rnd() < 0.5 ? ["system:authenticated"] : ["devs", "system:authenticated"] },
      sourceIPs: [`10.0.0.${Math.floor(rnd() * 4)}`],
      userAgent: rnd() < 0.5 ? "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69" : "kube-controller-manager/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
      objectRef: { resource, apiGroup, subresource, namespace, name: `obj-${i % 17}`, apiVersion: "v1" },
    };
    const received = makeEvent({
      ...common,
      stage: "RequestReceived",
      requestReceivedTimestamp: iso(receivedUs),
      stageTimestamp: iso(receivedUs),
      responseStatus: undefined,
      annotations: undefined,
    });
    // A complete stage whose own received time is earlier moves the request (and its rollup bucket) back.
    const completeReceivedUs = rnd() < 0.1 ? receivedUs - 45e6 : receivedUs;
    const complete = makeEvent({
      ...common,
      userAgent: rnd() < 0.2 ? "curl/8.5.0" : common.userAgent,
      stage: "ResponseComplete",
      requestReceivedTimestamp: iso(completeReceivedUs),
      stageTimestamp: iso(receivedUs + 20_000),
      responseStatus: { metadata: {}, code: pick(CODES) } as AuditEvent["responseStatus"],
      annotations: { "authorization.k8s.io/decision": rnd() < 0.9 ? "allow" : "forbid", "authorization.k8s.io/reason": "" },
    });
    first.push(norm(received));
    // A fifth of the requests never complete: their RequestReceived row stays as it is.
    if (rnd() < 0.8) second.push(norm(complete));
  }
  return { first, second };
}

function loadFixture(db: Db): void {
  const { first, second } = fixture(1500);
  const w = new BatchWriter(db, "rollup-test", createRun(db, "cli", "rollups.log", "rollup-test"));
  for (let i = 0; i < first.length; i += 400) w.write(first.slice(i, i + 400));
  for (let i = 0; i < second.length; i += 400) w.write(second.slice(i, i + 400));
}

type Reference = { total: number; byColumn: Record<string, Map<string, number>> };

/** The same answers counted straight from requests, the way the dashboard counted before the rollups. */
function reference(db: Db, filter: Filter): Reference {
  const where = filterToSql(filter, queryContext(db));
  const total = db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM requests r WHERE ${where.sql}`).get(...where.params)!.n;
  const byColumn: Record<string, Map<string, number>> = {};
  for (const column of ["user_id", "verb_id", "namespace_id", "source_ip_id"]) {
    const rows = db
      .prepare<unknown[], { v: string; n: number }>(
        // Requests without the value count too, as the breakdown's "(none)" entry, whose value is "".
        `SELECT coalesce(s.value, '') AS v, count(*) AS n FROM requests r LEFT JOIN strings s ON s.id = r.${column} WHERE ${where.sql} GROUP BY 1`,
      )
      .all(...where.params);
    byColumn[column] = new Map(rows.map((r) => [r.v, r.n]));
  }
  const codes = db
    .prepare<unknown[], { v: number | null; n: number }>(`SELECT r.code AS v, count(*) AS n FROM requests r WHERE ${where.sql} GROUP BY r.code`)
    .all(...where.params);
  byColumn.code = new Map(codes.map((r) => [r.v === null ? "" : String(r.v), r.n]));
  return { total, byColumn };
}

function barsFromRequests(db: Db, filter: Filter, bucketMs: number, starts: string[]): number[] {
  const where = filterToSql(filter, queryContext(db));
  return starts.map((t) => {
    const from = parseMicros(t);
    return db
      .prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM requests r WHERE ${where.sql} AND r.ts >= ? AND r.ts < ?`)
      .get(...where.params, from, from + bucketMs * 1000)!.n;
  });
}

const entries = (list: { value: string; count: number }[]) => new Map(list.map((e) => [e.value, e.count]));

const FILTERS: [string, Filter][] = [
  ["everything", {}],
  ["noise hidden", { noise: "hide" }],
  ["one user", { user: ["alice"] }],
  ["query on breakdown fields", { q: "verb:delete,patch -user:system:* code:>=400" }],
  ["an absolute range with partial first and last minutes", { from: iso(START_US + 10 * 60e6 + 17_500_000), to: iso(START_US + 95 * 60e6 + 3_000_000) }],
  ["a long range with partial first and last 10 minutes", { from: iso(START_US + 17 * 60e6 + 5), to: iso(START_US + 50 * 3600e6 + 7 * 60e6), q: "user:alice,bob" }],
  ["a range inside one minute", { from: iso(START_US + 30 * 60e6 + 1_000_000), to: iso(START_US + 30 * 60e6 + 50_000_000) }],
  ["the last hour, relative to the newest request", { range: "1h", q: "ns:prod,dev" }],
  ["a range open at its end", { from: iso(START_US + 61 * 60e6 + 123), noise: "hide" }],
  ["a field outside the rollups (object name)", { q: "name:obj-1*", from: iso(START_US + 20 * 60e6 + 5) }],
  ["free text", { q: "obj" }],
];

describe("dashboard rollups", () => {
  it.each(FILTERS)("give the same total, breakdowns and bars as counting requests: %s", (_, filter) => {
    const { db } = tempDb();
    loadFixture(db);
    for (const stack of ["verb", "code", "user"] as const) {
      const s = statsFrom(db, filter, { stack }, { facetLimit: 500 });
      const ref = reference(db, filter);
      expect(ref.total).toBeGreaterThan(0);
      expect(s.total).toBe(ref.total);
      expect(countRequests(db, filter)).toBe(ref.total);
      expect(entries(s.facets.user)).toEqual(ref.byColumn.user_id);
      expect(entries(s.facets.verb)).toEqual(ref.byColumn.verb_id);
      expect(entries(s.facets.namespace)).toEqual(ref.byColumn.namespace_id);
      expect(entries(s.facets.sourceIP)).toEqual(ref.byColumn.source_ip_id);
      expect(entries(s.facets.code)).toEqual(ref.byColumn.code);
      const bars = s.timeline.map((b) => b.count);
      expect(bars).toEqual(barsFromRequests(db, filter, s.bucketMs, s.timeline.map((b) => b.t)));
      expect(bars.reduce((a, b) => a + b, 0)).toBe(ref.total);
    }
  });

  it.each(FILTERS)("page through the same requests, newest first, as ordering them directly: %s", (_, filter) => {
    const { db } = tempDb();
    loadFixture(db);
    const where = filterToSql(filter, queryContext(db));
    const expected = db
      .prepare<unknown[], { id: number }>(`SELECT r.id FROM requests r WHERE ${where.sql} ORDER BY r.ts DESC, r.id DESC`)
      .all(...where.params)
      .map((r) => r.id);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = listRequestsFrom(db, filter, { limit: 97, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it("give every breakdown the same entries from the all-time counts as from the selected combinations", () => {
    const { db } = tempDb();
    loadFixture(db);
    const everything = statsFrom(db, {}, { stack: "code" }, { facetLimit: 500 });
    // A range before the first request selects the same requests, but through temp.selected_combos.
    const sameRequests = statsFrom(db, { from: iso(START_US - 3600e6) }, { stack: "code" }, { facetLimit: 500 });
    expect(sameRequests.total).toBe(everything.total);
    for (const d of DIMENSIONS) {
      expect(everything.facets[d].length, d).toBeGreaterThan(0);
      expect(entries(everything.facets[d]), d).toEqual(entries(sameRequests.facets[d]));
    }
    // A batch that moves counts between values keeps the all-time counts in step.
    const w = new BatchWriter(db, "rollup-test", createRun(db, "cli", "again.log", "rollup-test"));
    w.write(fixture(40).second.map((e) => ({ ...e, auditID: `${e.auditID}-late`, code: 500 })));
    const after = statsFrom(db, {}, { stack: "code" }, { facetLimit: 500 });
    expect(entries(after.facets.code)).toEqual(entries(statsFrom(db, { from: iso(START_US - 3600e6) }, { stack: "code" }, { facetLimit: 500 }).facets.code));
    expect(entries(after.facets.code).get("500")).toBeGreaterThan(0);
  });

  it("keep the store's request and event totals without counting rows", () => {
    const { db } = tempDb();
    loadFixture(db);
    const summary = summaryFrom(db);
    expect(summary.requests).toBe((db.prepare("SELECT count(*) AS n FROM requests").get() as { n: number }).n);
    const stored = db.prepare<[], { events: Buffer }>("SELECT events FROM requests").all();
    expect(summary.events).toBe(stored.reduce((n, r) => n + decodeStageEvents(r.events).length, 0));
    // Every stored count is positive or was moved away to zero; none goes negative.
    expect(db.prepare("SELECT count(*) AS n FROM request_rollup WHERE n < 0").get()).toEqual({ n: 0 });
  });

  it("forget what a failed batch counted, so the writer's next batch leaves them exact", () => {
    const { db } = tempDb();
    const { first } = fixture(300);
    const w = new BatchWriter(db, "rollup-test", createRun(db, "cli", "rollups.log", "rollup-test"));
    w.write(first.slice(0, 100));
    db.exec("CREATE TEMP TRIGGER fail_one BEFORE INSERT ON requests WHEN NEW.audit_id = 'rollup-150' BEGIN SELECT RAISE(ABORT, 'boom'); END");
    expect(() => w.write(first.slice(100, 200))).toThrow(/boom/);
    db.exec("DROP TRIGGER temp.fail_one");
    w.write(first.slice(100, 300));
    const ref = reference(db, {});
    expect(ref.total).toBe(300);
    const s = statsFrom(db, {}, { stack: "verb" }, { facetLimit: 500 });
    expect(s.total).toBe(300);
    expect(entries(s.facets.user)).toEqual(ref.byColumn.user_id);
    expect(s.timeline.map((b) => b.count)).toEqual(barsFromRequests(db, {}, s.bucketMs, s.timeline.map((b) => b.t)));
  });

  it("are built for the requests already in a store made before them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-rollup-"));
    const file = path.join(dir, "old.db");
    try {
      const old = new Database(file);
      for (const m of migrations.filter((x) => x.version <= 6)) old.exec(m.sql);
      old.pragma("user_version = 6");
      const ids = ["c1", "get", "list", "alice", "bob"].map((v) => Number(old.prepare("INSERT INTO strings (value) VALUES (?)").run(v).lastInsertRowid));
      const [cluster, get, list, alice, bob] = ids as [number, number, number, number, number];
      const insert = old.prepare(
        `INSERT INTO requests (cluster_id, audit_key, audit_id, ts, end_ts, stages, best_stage, event_count, level, verb_id, user_id, uri, code)
         VALUES (?, ?, ?, ?, ?, 8, 3, 1, 1, ?, ?, '/api', 200)`,
      );
      insert.run(cluster, 1, "a", START_US, START_US, get, alice);
      insert.run(cluster, 2, "b", START_US + 1, START_US + 1, get, alice);
      insert.run(cluster, 3, "c", START_US + 120e6, START_US + 120e6, list, bob);
      old.close();

      const db = openDb(file);
      try {
        const s = statsFrom(db, {}, { stack: "verb" }, { facetLimit: 500 });
        expect(s.total).toBe(3);
        expect(entries(s.facets.user)).toEqual(new Map([["alice", 2], ["bob", 1]]));
        expect(db.prepare("SELECT ts, n FROM request_rollup ORDER BY ts").all()).toEqual([
          { ts: START_US, n: 2 },
          { ts: START_US + 120e6, n: 1 },
        ]);
        expect(db.prepare("SELECT count(*) AS n FROM requests WHERE combo_id IS NULL").get()).toEqual({ n: 0 });
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
