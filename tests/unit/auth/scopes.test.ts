import { describe, expect, it } from "vitest";
import type { Scope } from "@/lib/auth/principal";
import { inScope, type Scopes } from "@/lib/query/scope";
import { exportStreamFrom } from "@/lib/store/sqlite/export";
import { objectHistoryFrom } from "@/lib/store/sqlite/history";
import { relatedRequestsFrom } from "@/lib/store/sqlite/related";
import { listRequestsFrom } from "@/lib/store/sqlite/requests";
import { statsFrom } from "@/lib/store/sqlite/stats";
import { suggestFrom } from "@/lib/store/sqlite/suggest";
import { makeEvent } from "../helpers/events";
import { ingestEvents } from "../helpers/ingest-events";
import { tempDb } from "../helpers/temp-db";

/** Requests in two clusters, three namespaces and none (cluster-scoped), by the same user a second apart. */
async function store() {
  const { db } = tempDb();
  const cells: [string, string | null][] = [
    ["prod", "team-a"],
    ["prod", "team-a"],
    ["prod", "team-b"],
    ["prod", null],
    ["staging", "team-a"],
    ["staging", "team-c"],
  ];
  for (const [i, [cluster, ns]] of cells.entries()) {
    const objectRef = ns ? { resource: "configmaps", namespace: ns, name: "settings", apiVersion: "v1" } : { resource: "nodes", name: "node-1", apiVersion: "v1" };
    await ingestEvents(db, [makeEvent({ objectRef, requestURI: `/x/${i}`, requestReceivedTimestamp: `2024-05-10T12:00:0${i}.000000Z`, stageTimestamp: `2024-05-10T12:00:0${i}.100000Z` })], cluster);
  }
  return { db, cells };
}

const SCOPES: [string, Scopes][] = [
  ["unscoped", null],
  ["one namespace", [{ cluster: "prod", namespaces: ["team-a"] }]],
  ["a whole cluster", [{ cluster: "staging" }]],
  ["two scopes", [{ cluster: "prod", namespaces: ["team-b"] }, { cluster: "staging", namespaces: ["team-c", "team-x"] }]],
  ["nothing", [] as Scope[]],
];

describe("a scope is ANDed into every read, agreeing with inScope", () => {
  it.each(SCOPES)("%s", async (_name, scopes) => {
    const { db, cells } = await store();
    const expected = cells.filter(([cluster, ns]) => inScope(scopes, cluster, ns)).length;
    const filter = { scopes };
    // The dashboard's total and breakdowns come from the rollups when the filter reads only their columns.
    const stats = statsFrom(db, filter, { stack: "verb" });
    expect(stats.total).toBe(expected);
    expect(stats.facets.namespace?.filter((f) => !f.absent).reduce((n, f) => n + f.count, 0) ?? 0).toBe(cells.filter(([c, ns]) => ns && inScope(scopes, c, ns)).length);
    expect(statsFrom(db, { ...filter, q: "uri:/x/*" }, { stack: "verb" }).total).toBe(expected);
    const page = listRequestsFrom(db, filter, { limit: 50 });
    expect(page.total).toBe(expected);
    expect(page.items.every((r) => inScope(scopes, r.cluster, r.namespace))).toBe(true);
    const jsonl = await new Response(exportStreamFrom(db, filter, "jsonl")).text();
    expect(jsonl.split("\n").filter(Boolean)).toHaveLength(expected);
    const suggested = suggestFrom(db, "ns", "", filter).values.map((v) => v.value).sort();
    expect(suggested).toEqual([...new Set(cells.filter(([c, n]) => n && inScope(scopes, c, n)).map(([, n]) => n))].sort());
  });

  it("keeps object history and a request's neighbours within the scope", async () => {
    const { db } = await store();
    const teamA: Scopes = [{ cluster: "prod", namespaces: ["team-a"] }];
    const key = { cluster: null, group: "", resource: "configmaps", namespace: "team-a", name: "settings" };
    expect(objectHistoryFrom(db, key).entries).toHaveLength(3);
    expect(objectHistoryFrom(db, key, { scopes: teamA }).entries.map((e) => e.request.cluster)).toEqual(["prod", "prod"]);
    const first = listRequestsFrom(db, { scopes: teamA }, { limit: 50 }).items.at(-1)!;
    expect(relatedRequestsFrom(db, first.id).total).toBe(3);
    expect(relatedRequestsFrom(db, first.id, 20, teamA).items.map((r) => r.namespace)).toEqual(["team-a"]);
  });
});
