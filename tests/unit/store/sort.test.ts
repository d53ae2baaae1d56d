import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ingestStream } from "@/lib/ingest/pipeline";
import { encodeCursor, encodeLatencyCursor } from "@/lib/query/cursor";
import type { Filter } from "@/lib/query/filter";
import type { RequestRow } from "@/lib/store/types";
import type { SortBy } from "@/lib/query/view";
import type { Db } from "@/lib/store/sqlite/db";
import { listRequestsFrom, SLOW_LATENCY_US } from "@/lib/store/sqlite/requests";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

const iso = (us: number) => new Date(Date.UTC(2024, 4, 10, 12) + Math.floor(us / 1000)).toISOString().replace("Z", `${String(us % 1000).padStart(3, "0")}Z`);

/**
 * 157 requests: latencies with many ties (i % 7 ms, and every fifth one second more: slow enough for
 * the slow-latency index, ties there too), several requests per timestamp (i % 40), every ninth
 * request with no known latency (only RequestReceived logged), across two clusters.
 */
async function seeded(): Promise<Db> {
  const { db } = tempDb();
  const events = [];
  for (let i = 0; i < 157; i++) {
    const start = (i % 40) * 1_000_000;
    const base = { auditID: `sort-${i}`, requestReceivedTimestamp: iso(start) };
    events.push(
      i % 9 === 0
        ? makeEvent({ ...base, stage: "RequestReceived", stageTimestamp: iso(start), responseStatus: undefined })
        : makeEvent({ ...base, stageTimestamp: iso(start + (i % 7) * 1000 + (i % 5 === 0 ? SLOW_LATENCY_US : 0)) }),
    );
  }
  await ingestStream(sqliteIngestTarget(db), Readable.from([Buffer.from(jsonLines(events))]), {
    cluster: "sort",
    source: "cli",
    filename: "sort.log",
  });
  await ingestStream(sqliteIngestTarget(db), Readable.from([Buffer.from(jsonLines([makeEvent({ auditID: "other-cluster" })]))]), {
    cluster: "elsewhere",
    source: "cli",
    filename: "other.log",
  });
  return db;
}

/** Follows `next` from the first page to the last, as the Older → link does. */
function walk(db: Db, filter: Filter, sort: SortBy, limit: number): { rows: RequestRow[]; pages: number; totals: Set<number> } {
  const rows: RequestRow[] = [];
  const totals = new Set<number>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = listRequestsFrom(db, filter, { limit, cursor }, sort);
    rows.push(...page.items);
    totals.add(page.total);
    cursor = page.next ?? undefined;
    pages++;
    expect(pages).toBeLessThan(1000);
  } while (cursor);
  return { rows, pages, totals };
}

const byLatencyThenId = (a: RequestRow, b: RequestRow) => {
  if (a.latencyMs === null || b.latencyMs === null) return (a.latencyMs === null ? 1 : 0) - (b.latencyMs === null ? 1 : 0) || b.id - a.id;
  return b.latencyMs - a.latencyMs || b.id - a.id;
};
const byTimeThenId = (a: RequestRow, b: RequestRow) => b.time.localeCompare(a.time) || b.id - a.id;

describe("listRequestsFrom sorting and keyset paging", () => {
  for (const sort of ["time", "latency"] as const) {
    for (const limit of [1, 7, 50, 157, 500]) {
      it(`sort=${sort}, ${limit} per page: every request exactly once, in order`, async () => {
        const db = await seeded();
        const { rows, pages, totals } = walk(db, { cluster: ["sort"] }, sort, limit);
        expect(totals).toEqual(new Set([157]));
        expect(rows).toHaveLength(157);
        expect(new Set(rows.map((r) => r.auditID)).size).toBe(157);
        expect(pages).toBe(Math.max(1, Math.ceil(157 / limit)));
        expect(rows).toEqual([...rows].sort(sort === "latency" ? byLatencyThenId : byTimeThenId));
      });
    }
  }

  it("puts the slowest request first and unknown latencies last", async () => {
    const db = await seeded();
    const { items } = listRequestsFrom(db, { cluster: ["sort"] }, { limit: 157, cursor: undefined }, "latency");
    expect(items[0]!.latencyMs).toBe(1006);
    const unknown = items.filter((r) => r.latencyMs === null);
    expect(unknown).toHaveLength(18);
    expect(items.slice(-18)).toEqual(unknown);
  });

  it("honours the filter on every page of the latency walk, unknown tail included", async () => {
    const db = await seeded();
    const { rows } = walk(db, {}, "latency", 10);
    expect(rows).toHaveLength(158);
    expect(rows.filter((r) => r.cluster === "elsewhere")).toHaveLength(1);
  });

  it("a cursor of the other sort, or garbage, restarts at page 1 instead of failing", async () => {
    const db = await seeded();
    const first = listRequestsFrom(db, {}, { limit: 5, cursor: undefined }, "latency");
    const timeCursor = encodeCursor({ ts: 1, id: 1 });
    expect(listRequestsFrom(db, {}, { limit: 5, cursor: timeCursor }, "latency").items).toEqual(first.items);
    const latencyCursor = encodeLatencyCursor({ latencyUs: 5000, id: 3 });
    expect(listRequestsFrom(db, {}, { limit: 5, cursor: latencyCursor }, "time").items).toEqual(
      listRequestsFrom(db, {}, { limit: 5, cursor: undefined }, "time").items,
    );
    expect(listRequestsFrom(db, {}, { limit: 5, cursor: "%%%not-a-cursor" }, "latency").items).toEqual(first.items);
  });

  it("time cursors written before the latency sort existed still page on", async () => {
    const db = await seeded();
    const first = listRequestsFrom(db, {}, { limit: 20, cursor: undefined });
    const last = db.prepare<[number], { ts: number }>("SELECT ts FROM requests WHERE id = ?").get(first.items[19]!.id)!;
    // The pre-sort format: base64url of "<ts>:<id>".
    const old = Buffer.from(`${last.ts}:${first.items[19]!.id}`).toString("base64url");
    expect(listRequestsFrom(db, {}, { limit: 20, cursor: old }).items[0]!.id).toBe(
      listRequestsFrom(db, {}, { limit: 21, cursor: undefined }).items[20]!.id,
    );
  });

  it("pages on across the bound of the slow-latency index, whatever the page size", async () => {
    const db = await seeded();
    const slow = listRequestsFrom(db, { cluster: ["sort"] }, { limit: 157, cursor: undefined }, "latency").items.filter((r) => r.latencyMs! >= 1000);
    expect(slow.length).toBeGreaterThan(20);
    // A page that ends on the last slow request, and one that straddles the bound.
    for (const limit of [slow.length, slow.length - 3]) {
      const first = listRequestsFrom(db, { cluster: ["sort"] }, { limit, cursor: undefined }, "latency");
      const second = listRequestsFrom(db, { cluster: ["sort"] }, { limit: 10, cursor: first.next! }, "latency");
      const whole = listRequestsFrom(db, { cluster: ["sort"] }, { limit: limit + 10, cursor: undefined }, "latency");
      expect([...first.items, ...second.items]).toEqual(whole.items);
    }
  });

  it("serves time and slowest-first from an index, with no sort step", async () => {
    const db = await seeded();
    const plan = (sql: string) =>
      db
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => r.detail)
        .join("\n");
    const latency = plan(
      `SELECT id FROM requests r WHERE r.latency_us >= ${SLOW_LATENCY_US} AND (r.latency_us, r.id) < (5000000, 10) ORDER BY r.latency_us DESC, r.id DESC LIMIT 51`,
    );
    expect(latency).toMatch(/requests_by_slow_latency/);
    expect(latency).not.toMatch(/TEMP B-TREE/);
    const tail = plan("SELECT id FROM requests r WHERE r.latency_us IS NULL AND r.id < 10 ORDER BY r.id DESC LIMIT 51");
    expect(tail).not.toMatch(/TEMP B-TREE/);
    const time = plan("SELECT id FROM requests r WHERE (r.ts, r.id) < (5000000, 10) ORDER BY r.ts DESC, r.id DESC LIMIT 51");
    expect(time).toMatch(/requests_by_time/);
    expect(time).not.toMatch(/TEMP B-TREE/);
  });
});
