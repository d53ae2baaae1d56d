import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { parseResourceFacetValue, resourceFacetValue } from "@/lib/query/facet-value";
import type { Filter } from "@/lib/query/filter";
import type { Db } from "@/lib/store/sqlite/db";
import { statsFrom } from "@/lib/store/sqlite/stats";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { writeEvents } from "../helpers/write-events";

let seq = 0;

/** One complete request at `at`, with the fields a test cares about. */
function request(at: string, overrides: Partial<AuditEvent> & Record<string, unknown> = {}): AuditEvent {
  seq++;
  return makeEvent({ auditID: `req-${seq}`, requestReceivedTimestamp: at, stageTimestamp: at, ...overrides });
}

function store(events: AuditEvent[], cluster = "default"): Db {
  const { db } = tempDb();
  writeEvents(db, events, cluster);
  return db;
}

const verb = { stack: "verb" as const };

function at(minute: number, second = 0): string {
  return new Date(Date.UTC(2024, 4, 10, 12, minute, second)).toISOString();
}

describe("statsFrom timeline", () => {
  it("covers the data's own span when unbounded, one bar per bucket, empty buckets at 0", () => {
    const db = store([request(at(0)), request(at(0, 30)), request(at(59, 59))]);
    const s = statsFrom(db, {}, verb);
    expect(s.total).toBe(3);
    expect(s.from).toBeNull();
    expect(s.bucketMs).toBe(30_000);
    expect(s.timeline).toHaveLength(120);
    expect(s.timeline[0]).toEqual({ t: "2024-05-10T12:00:00.000000Z", count: 1, read: 1 });
    expect(s.timeline[1]).toMatchObject({ t: "2024-05-10T12:00:30.000000Z", count: 1 });
    expect(s.timeline[2]).toMatchObject({ count: 0, read: 0 });
    expect(s.timeline.at(-1)).toMatchObject({ t: "2024-05-10T12:59:30.000000Z", count: 1 });
    expect(s.timeline.reduce((n, b) => n + b.count, 0)).toBe(3);
  });

  it("stacks by verb class: read, write, delete, other — only the classes present", () => {
    const db = store([
      request(at(0), { verb: "list" }),
      request(at(0, 1), { verb: "watch" }),
      request(at(0, 2), { verb: "patch" }),
      request(at(0, 3), { verb: "deletecollection" }),
      request(at(5), { verb: "create" }),
    ]);
    const s = statsFrom(db, {}, verb);
    expect(s.series).toEqual(["read", "write", "delete"]);
    expect(s.timeline[0]).toMatchObject({ count: 4, read: 2, write: 1, delete: 1 });
    const last = s.timeline.find((b) => b.count > 0 && b !== s.timeline[0]);
    expect(last).toMatchObject({ count: 1, read: 0, write: 1, delete: 0 });
  });

  it("stacks by response code class, requests without a code as none", () => {
    const db = store([
      request(at(0), { responseStatus: { metadata: {}, code: 200 } }),
      request(at(0, 1), { responseStatus: { metadata: {}, code: 201 } }),
      request(at(0, 2), { responseStatus: { metadata: {}, code: 404 } }),
      request(at(0, 3), { responseStatus: { metadata: {}, code: 503 } }),
      request(at(1), { stage: "RequestReceived", responseStatus: undefined }),
    ]);
    const s = statsFrom(db, {}, { stack: "code" });
    expect(s.series).toEqual(["2xx", "4xx", "5xx", "none"]);
    const sums = Object.fromEntries(s.series.map((k) => [k, s.timeline.reduce((n, b) => n + (b[k] as number), 0)]));
    expect(sums).toEqual({ "2xx": 2, "4xx": 1, "5xx": 1, none: 1 });
  });

  it("stacks by the top 5 users, the rest as other", () => {
    const users = ["u1", "u1", "u1", "u2", "u2", "u3", "u4", "u5", "u6", "u7"];
    const db = store(users.map((u, i) => request(at(0, i), { user: { username: u } })));
    const s = statsFrom(db, {}, { stack: "user" });
    expect(s.series.slice(0, 2)).toEqual(["u1", "u2"]);
    expect(s.series).toHaveLength(6);
    expect(s.series.at(-1)).toBe("other");
    const sum = (k: string) => s.timeline.reduce((n, b) => n + ((b[k] as number | undefined) ?? 0), 0);
    expect(sum("u1")).toBe(3);
    expect(sum("other")).toBe(2);
  });

  it("a relative range counts back from the newest event and bounds the chart to it", () => {
    const db = store([request("2024-05-09T00:00:00Z"), request(at(30)), request(at(50)), request(at(59))]);
    const s = statsFrom(db, { range: "15m" }, verb);
    expect(s.total).toBe(2);
    expect(s.from).toBe("2024-05-10T12:44:00.000000Z");
    expect(s.bucketMs).toBe(5000);
    expect(s.timeline[0]!.t).toBe("2024-05-10T12:44:00.000000Z");
    expect(s.timeline.reduce((n, b) => n + b.count, 0)).toBe(2);
  });

  it("an absolute range is the chart's span even where it holds no data", () => {
    const db = store([request(at(10))]);
    const s = statsFrom(db, { from: at(0), to: at(60) }, verb);
    expect(s.bucketMs).toBe(30_000);
    expect(s.timeline).toHaveLength(120);
    expect(s.total).toBe(1);
  });

  it("no match: total 0, an empty timeline and empty breakdowns", () => {
    const db = store([request(at(0))]);
    const s = statsFrom(db, { user: ["nobody"] }, verb);
    expect(s).toMatchObject({ total: 0, timeline: [], series: [] });
    expect(s.facets.user).toEqual([]);
  });
});

describe("statsFrom breakdowns", () => {
  function sample(): Db {
    return store([
      request(at(0), { verb: "get", user: { username: "alice", groups: ["devs", "system:authenticated"] } }),
      request(at(1), { verb: "delete", user: { username: "alice", groups: ["devs", "system:authenticated"] } }),
      request(at(2), {
        verb: "patch",
        user: { username: "bob", groups: ["ops", "system:authenticated"] },
        objectRef: { resource: "deployments", apiGroup: "apps", apiVersion: "v1", namespace: "prod", name: "api", subresource: "scale" },
        sourceIPs: ["192.168.1.9"],
        userAgent: "kubectl/v1.29.1 (darwin/arm64) kubernetes/abc",
        responseStatus: { metadata: {}, code: 403 },
        annotations: { "authorization.k8s.io/decision": "forbid" },
      }),
      request(at(3), {
        verb: "get",
        user: { username: "system:serviceaccount:kube-system:ctrl", groups: ["system:serviceaccounts"] },
        objectRef: { resource: "configmaps", apiVersion: "v1", namespace: "kube-system", name: "cm" },
        userAgent: "kube-controller-manager/v1.30.3 (linux/amd64) kubernetes/6fc0a69/leader-election",
      }),
      request(at(4), { verb: "get", user: { username: "alice" }, userAgent: "kubectl/v1.30.3 (linux/amd64) kubernetes/zzz" }),
    ]);
  }

  it("counts every dimension in SQL, largest first", () => {
    const s = statsFrom(sample(), {}, verb);
    expect(s.facets.user).toEqual([
      { value: "alice", count: 3 },
      { value: "bob", count: 1 },
      { value: "system:serviceaccount:kube-system:ctrl", count: 1 },
    ]);
    expect(s.facets.verb[0]).toEqual({ value: "get", count: 3 });
    expect(s.facets.group).toEqual([
      { value: "system:authenticated", count: 3 },
      { value: "devs", count: 2 },
      { value: "ops", count: 1 },
      { value: "system:serviceaccounts", count: 1 },
      { value: "", count: 1, absent: true },
    ]);
    expect(s.facets.resource).toEqual([
      { value: "pods", count: 3 },
      { value: "configmaps", count: 1 },
      { value: "deployments.apps/scale", count: 1 },
    ]);
    expect(s.facets.namespace).toEqual([
      { value: "prod", count: 4 },
      { value: "kube-system", count: 1 },
    ]);
    expect(s.facets.code).toEqual([
      { value: "200", count: 4 },
      { value: "403", count: 1 },
    ]);
    expect(s.facets.sourceIP).toEqual([
      { value: "10.0.0.5", count: 4 },
      { value: "192.168.1.9", count: 1 },
    ]);
    expect(s.facets.decision).toEqual([
      { value: "allow", count: 4 },
      { value: "forbid", count: 1 },
    ]);
  });

  it("groups user agents by their normalized name, merging raw strings that differ only in build", () => {
    const s = statsFrom(sample(), {}, verb);
    expect(s.facets.userAgent).toEqual([
      { value: "kubectl 1.30.3", count: 3 },
      { value: "kube-controller-manager 1.30.3", count: 1 },
      { value: "kubectl 1.29.1", count: 1 },
    ]);
  });

  it("counts reflect the active filters", () => {
    const s = statsFrom(sample(), { user: ["alice"] }, verb);
    expect(s.total).toBe(3);
    expect(s.facets.verb).toEqual([
      { value: "get", count: 2 },
      { value: "delete", count: 1 },
    ]);
    expect(s.facets.user).toEqual([{ value: "alice", count: 3 }]);
    const noisy = statsFrom(sample(), { noise: "hide" } satisfies Filter, verb);
    // Only the controller's read goes: alice's reads are a person's.
    expect(noisy.facets.verb).toEqual([
      { value: "get", count: 2 },
      { value: "delete", count: 1 },
      { value: "patch", count: 1 },
    ]);
    expect(noisy.facets.user.map((u) => u.value)).not.toContain("system:serviceaccount:kube-system:ctrl");
  });

  it("excluding a value (as the exclude control does) drops it from every count", () => {
    const all = statsFrom(sample(), {}, verb);
    const onlyWrites = statsFrom(sample(), { verb: ["delete", "patch"] }, verb);
    expect(onlyWrites.total).toBe(all.total - 3);
    expect(onlyWrites.facets.verb.map((v) => v.value)).not.toContain("get");
  });

  it("limits each breakdown to facetLimit entries, and computes only the dimensions asked for", () => {
    const s = statsFrom(sample(), {}, verb, { facetLimit: 1, dimensions: ["user", "userAgent"], timeline: false });
    expect(s.facets.user).toEqual([{ value: "alice", count: 3 }]);
    expect(s.facets.userAgent).toEqual([{ value: "kubectl 1.30.3", count: 3 }]);
    expect(s.facets.verb).toEqual([]);
    expect(s.timeline).toEqual([]);
  });
});

describe("resource facet values", () => {
  it("round-trip group, resource and subresource in kubectl's resource.group form", () => {
    expect(resourceFacetValue("apps", "deployments", "scale")).toBe("deployments.apps/scale");
    expect(resourceFacetValue(null, "pods", "log")).toBe("pods/log");
    expect(parseResourceFacetValue("deployments.apps/scale")).toEqual({ group: "apps", resource: "deployments/scale" });
    expect(parseResourceFacetValue("certificatesigningrequests.certificates.k8s.io")).toEqual({
      group: "certificates.k8s.io",
      resource: "certificatesigningrequests",
    });
    expect(parseResourceFacetValue("pods")).toEqual({ group: null, resource: "pods" });
  });
});
