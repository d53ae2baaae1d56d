import { describe, expect, it } from "vitest";
import { DIMENSION_FIELD, excludeTerms, includeTerms } from "@/components/facets/facet-terms";
import type { AuditEvent } from "@/lib/audit/event";
import type { Filter } from "@/lib/query/filter";
import type { Db } from "@/lib/store/sqlite/db";
import { listRequestsFrom } from "@/lib/store/sqlite/requests";
import { statsFrom } from "@/lib/store/sqlite/stats";
import { DIMENSIONS, type Dimension, type FacetEntry } from "@/lib/store/types";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { writeEvents } from "../helpers/write-events";

const at = (minute: number) => new Date(Date.UTC(2024, 4, 10, 12, minute, 7)).toISOString();

/** A request at `minute` lacking what `overrides` take away. */
function request(minute: number, overrides: Partial<AuditEvent> & Record<string, unknown> = {}): AuditEvent {
  return makeEvent({ requestReceivedTimestamp: at(minute), stageTimestamp: at(minute), ...overrides });
}

/** Every breakdown's field is missing from some requests, each at its own minute so that ranges cut through them. */
function store(): Db {
  const { db } = tempDb();
  writeEvents(db, [
    request(0),
    request(1, { objectRef: { resource: "pods", namespace: "dev", name: "p", apiVersion: "v1" } }),
    request(2, { verb: "list", requestURI: "/api/v1/nodes", objectRef: { resource: "nodes", apiVersion: "v1" } }),
    request(3, { requestURI: "/healthz", objectRef: undefined }),
    request(4, { stage: "RequestReceived", responseStatus: undefined }),
    request(5, { annotations: undefined }),
    request(6, { userAgent: undefined }),
    request(7, { sourceIPs: undefined }),
    request(8, { user: {} }),
    request(9, { user: { username: "bob" } }),
    // Blanks normalise to no name; the breakdown keeps the raw agent, which is what ua:"   " matches.
    request(10, { userAgent: "   " }),
    request(11, { verb: "create", objectRef: { resource: "namespaces", apiVersion: "v1", name: "team" }, responseStatus: undefined }),
  ]);
  return db;
}

const FILTERS: [string, Filter][] = [
  ["everything (the all-time counts)", {}],
  ["a filter the rollups serve", { q: "verb:get,list,create" }],
  ["a filter beyond the rollups", { q: "uri:/*" }],
  ["an absolute range", { from: at(2), to: at(9) }],
  ["a range and a filter", { from: at(1), to: at(11), q: "-user:carol" }],
  ["a relative range", { range: "15m" }],
];

const sum = (entries: FacetEntry[]) => entries.reduce((n, e) => n + e.count, 0);
const and = (q: string | undefined, terms: string[]) => [q, ...terms].filter(Boolean).join(" ");
const count = (db: Db, filter: Filter) => listRequestsFrom(db, filter, { limit: 1, cursor: undefined }).total;

describe("breakdowns count what is absent", () => {
  it.each(FILTERS)("every entry, (none) included, adds up to the total: %s", (_, filter) => {
    const db = store();
    const s = statsFrom(db, filter, { stack: "verb" }, { facetLimit: 500 });
    expect(s.total).toBeGreaterThan(0);
    expect(s.total).toBe(count(db, filter));
    // A request counts once per group, so only the group breakdown may add up to more.
    for (const d of DIMENSIONS.filter((x) => x !== "group")) expect(sum(s.facets[d]), d).toBe(s.total);
  });

  it.each(FILTERS)("(none) filters and excludes like any entry, through field:\"\": %s", (_, filter) => {
    const db = store();
    const s = statsFrom(db, filter, { stack: "verb" }, { facetLimit: 500 });
    for (const d of DIMENSIONS) {
      const none = s.facets[d].filter((e) => e.absent);
      expect(none.length, d).toBeLessThanOrEqual(1);
      const entry = none[0];
      if (!entry) continue;
      expect(entry.value).toBe("");
      expect(includeTerms(d, entry.value)).toEqual([`${DIMENSION_FIELD[d]}:""`]);
      expect(count(db, { ...filter, q: and(filter.q, includeTerms(d, entry.value)) }), d).toBe(entry.count);
      expect(count(db, { ...filter, q: and(filter.q, excludeTerms(d, entry.value)) }), d).toBe(s.total - entry.count);
    }
  });

  it("has (none) wherever some matching request lacks the field, and only there", () => {
    const db = store();
    const absent = (s: ReturnType<typeof statsFrom>, d: Dimension) => s.facets[d].find((e) => e.absent)?.count ?? 0;
    const all = statsFrom(db, {}, { stack: "verb" }, { facetLimit: 500 });
    const expected: Record<Dimension, number> = { user: 1, actor: 1, group: 2, verb: 0, resource: 1, namespace: 3, code: 2, userAgent: 1, sourceIP: 1, decision: 1 };
    for (const d of DIMENSIONS) expect(absent(all, d), d).toBe(expected[d]);
    expect(all.facets.userAgent.map((e) => e.value)).toContain("   ");

    const namespaced = statsFrom(db, { q: "ns:prod,dev" }, { stack: "verb" }, { facetLimit: 500 });
    expect(namespaced.facets.namespace.some((e) => e.absent)).toBe(false);
  });

  it("ranks (none) by its count, after values of equal count, within the limit", () => {
    const db = store();
    // Namespaces: prod 8, (none) 3, dev 1.
    expect(statsFrom(db, {}, { stack: "verb" }, { facetLimit: 2 }).facets.namespace).toEqual([
      { value: "prod", count: 8 },
      { value: "", count: 3, absent: true },
    ]);
    expect(statsFrom(db, { q: "ns:dev OR ns:\"\"" }, { stack: "verb" }, { facetLimit: 1 }).facets.namespace).toEqual([{ value: "", count: 3, absent: true }]);
    // Codes: 200 10, (none) 2; within verb:create, one request and no code.
    expect(statsFrom(db, { from: at(0) }, { stack: "verb" }, { facetLimit: 1 }).facets.code).toEqual([{ value: "200", count: 10 }]);
    expect(statsFrom(db, { q: "verb:create" }, { stack: "verb" }).facets.code).toEqual([{ value: "", count: 1, absent: true }]);
  });

  it("stacks the chart by named users even when (none) is among the top users", () => {
    const { db } = tempDb();
    const users = ["u1", "u1", "u2", "u3", "u4", "u5", "u6"];
    writeEvents(db, [...users.map((u, i) => request(i, { user: { username: u } })), request(7, { user: {} }), request(8, { user: {} })]);
    const s = statsFrom(db, {}, { stack: "user" }, { facetLimit: 5 });
    expect(s.facets.user.some((e) => e.absent)).toBe(true);
    expect(s.series).toEqual(["u1", "u2", "u3", "u4", "u5", "other"]);
  });
});
