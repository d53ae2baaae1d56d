import { describe, expect, it } from "vitest";
import { codeClass, SERIES_ORDER, stackBars, TOP_USERS, userSeries, verbClass } from "@/lib/audit/series";
import { timelineFrame } from "@/lib/audit/timeline";

describe("series classes", () => {
  it("stacks verbs as reads, writes, deletes and the rest", () => {
    const verbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "proxy", "impersonate"];
    expect(verbs.map(verbClass)).toEqual(["read", "read", "read", "write", "write", "write", "delete", "delete", "other", "other"]);
    expect(verbClass(undefined)).toBe("other");
    expect(new Set(verbs.map(verbClass))).toEqual(new Set(SERIES_ORDER.verb));
  });

  it("stacks codes by class, and a request without a response as none", () => {
    expect([101, 200, 201, 304, 403, 404, 500, 503, null].map(codeClass)).toEqual(["1xx", "2xx", "2xx", "3xx", "4xx", "4xx", "5xx", "5xx", "none"]);
    expect(SERIES_ORDER.code).toEqual(["1xx", "2xx", "3xx", "4xx", "5xx", "none"]);
  });
});

describe("userSeries", () => {
  it("gives the top users a series each, in order, and everyone else one other", () => {
    const users = ["alice", "bob", "carol", "dave", "erin", "frank", "grace"];
    const s = userSeries(users);
    expect(TOP_USERS).toBe(5);
    expect(s.order).toEqual(["alice", "bob", "carol", "dave", "erin", "other"]);
    expect(["bob", "frank", undefined].map(s.of)).toEqual(["bob", "other", "other"]);
  });

  it("renames users whose names would clash with a bar's keys or the other series", () => {
    const s = userSeries(["t", "count", "other", "alice"]);
    expect(s.order).toEqual(["t (user)", "count (user)", "other (user)", "alice", "other"]);
    expect(["t", "other", "nobody"].map(s.of)).toEqual(["t (user)", "other (user)", "other"]);
  });
});

describe("stackBars", () => {
  // Ten minutes: 5-second bars from noon.
  const from = Date.parse("2024-05-10T12:00:00Z") * 1000;
  const frame = timelineFrame(from, from + 600e6);

  it("sums the counts of each bar and series, listing only the series that counted something, in order", () => {
    const cells = [
      { b: 0, n: 2, k: "get" },
      { b: 0, n: 1, k: "list" },
      { b: 3, n: 4, k: "delete" },
      { b: 3, n: 1, k: "get" },
    ];
    const { series, bars } = stackBars(frame, cells, (c) => verbClass(c.k), SERIES_ORDER.verb);
    expect(series).toEqual(["read", "delete"]);
    expect(bars).toHaveLength(120);
    expect(bars[0]).toEqual({ t: "2024-05-10T12:00:00.000000Z", count: 3, read: 3, delete: 0 });
    expect(bars[1]).toEqual({ t: "2024-05-10T12:00:05.000000Z", count: 0, read: 0, delete: 0 });
    expect(bars[3]).toEqual({ t: "2024-05-10T12:00:15.000000Z", count: 5, read: 1, delete: 4 });
  });

  it("drops counts outside the frame's bars", () => {
    const { series, bars } = stackBars(frame, [{ b: 120, n: 7 }, { b: -1, n: 1 }], () => "read", SERIES_ORDER.verb);
    expect(series).toEqual([]);
    expect(bars.reduce((sum, b) => sum + b.count, 0)).toBe(0);
  });
});
