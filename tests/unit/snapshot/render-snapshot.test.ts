import { describe, expect, it } from "vitest";
import { filterFromParams } from "@/lib/query/filter";
import { formatTerm } from "@/lib/query/terms";
import { renderSnapshot, snapshotFileName } from "@/lib/snapshot/render-snapshot";
import type { Db } from "@/lib/store/sqlite/db";
import { BlockCache, eventsOfRequests } from "@/lib/store/sqlite/request-events";
import { getRequestFrom, listRequestsFrom } from "@/lib/store/sqlite/requests";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { makeEvent } from "../helpers/events";
import { ingestEvents } from "../helpers/ingest-events";
import { tempDb } from "../helpers/temp-db";

async function snapshot(db: Db, params: Record<string, string>, limit?: number): Promise<string> {
  const stream = await renderSnapshot(sqliteStore(db), {
    filter: filterFromParams(params),
    scopes: null,
    view: { stack: "verb" },
    search: new URLSearchParams(params).toString(),
    generatedAt: new Date("2024-05-11T00:00:00Z"),
    limit,
  });
  return new Response(stream).text();
}

const at = (minute: number) => {
  const t = `2024-05-10T12:${String(minute).padStart(2, "0")}:00.000000Z`;
  return { requestReceivedTimestamp: t, stageTimestamp: t.replace(".000000Z", ".020000Z") };
};

/** The requests card, without the breakdowns that also name users. */
const requestList = (html: string) => html.slice(html.indexOf('id="requests"'));

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

describe("incident snapshot", () => {
  it("names the file after the time it was made", () => {
    expect(snapshotFileName(new Date("2024-05-11T09:08:07.654Z"))).toBe("auditlens-snapshot-20240511T090807Z.html");
  });

  it("is one self-contained document: total, filters, timeline, breakdowns, requests with their events", async () => {
    const { db } = tempDb();
    await ingestEvents(
      db,
      [
        makeEvent({ ...at(1), verb: "delete", user: { username: "alice", groups: ["devs"] }, objectRef: { resource: "deployments", namespace: "prod", name: "api", apiGroup: "apps", apiVersion: "v1" } }),
        makeEvent({ ...at(2), verb: "get", user: { username: "bob" } }),
        makeEvent({ ...at(3), verb: "list", user: { username: "carol" } }),
      ],
      "snap",
    );
    const html = await snapshot(db, { cluster: "snap", verb: "delete,get" });
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    expect(html).toMatch(/data-testid="snapshot-total">2</);
    expect(html).toContain("<svg");
    expect(html).toContain("delete,get"); // the filter, in words
    expect(html).toContain("deployments");
    expect(html).toContain("prod/api");
    expect(html).toContain("ResponseComplete event");
    expect(html).toContain("&quot;auditID&quot;");
    expect(html).not.toContain("carol");
    // Newest first.
    const list = requestList(html);
    expect(list.indexOf(">bob<")).toBeGreaterThan(0);
    expect(list.indexOf(">bob<")).toBeLessThan(list.indexOf(">alice<"));
    // Nothing outside the file: no external URLs in src/href, a CSP that forbids loading anything.
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    expect(html).toContain("default-src &#x27;none&#x27;");
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("escapes everything that comes from the logs", async () => {
    const { db } = tempDb();
    await ingestEvents(
      db,
      [
        makeEvent({
          ...at(5),
          user: { username: HOSTILE, groups: [HOSTILE] },
          userAgent: HOSTILE,
          requestURI: `/api/v1/namespaces/x/pods/${HOSTILE}`,
          objectRef: { resource: "pods", namespace: "x", name: HOSTILE, apiVersion: "v1" },
        }),
      ],
      "evil",
    );
    const html = await snapshot(db, { cluster: "evil", q: formatTerm("user", HOSTILE) });
    expect(html).toMatch(/data-testid="snapshot-total">1</);
    expect(html).not.toContain("<img");
    expect(html).not.toContain('<script>alert("x")');
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("stops at the request limit and says how many it left out", async () => {
    const { db } = tempDb();
    await ingestEvents(db, Array.from({ length: 7 }, (_, i) => makeEvent({ ...at(10 + i), user: { username: `user-${i}` } })), "many");
    const html = await snapshot(db, { cluster: "many" }, 3);
    expect(html.match(/<details class="req"/g)).toHaveLength(3);
    expect(html).toContain("the newest 3 of 7");
    expect(requestList(html)).toContain(">user-6<");
    expect(requestList(html)).not.toContain(">user-3<");
  });

  it("renders every request exactly once across batches, with its own events", async () => {
    const { db } = tempDb();
    const n = 620; // more than one batch of 500
    await ingestEvents(
      db,
      Array.from({ length: n }, (_, i) => makeEvent({ ...at(i % 60), auditID: `batch-${String(i).padStart(4, "0")}` })),
      "batches",
    );
    const html = await snapshot(db, { cluster: "batches" });
    expect(html.match(/<details class="req"/g)).toHaveLength(n);
    const ids = [...html.matchAll(/&quot;auditID&quot;: &quot;(batch-\d+)&quot;/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(n);
    expect(ids).toHaveLength(n);
  });

  it("renders an empty view without requests", async () => {
    const { db } = tempDb();
    const html = await snapshot(db, { cluster: "nothing-here" });
    expect(html).toMatch(/data-testid="snapshot-total">0</);
    expect(html).toContain("No requests in this range.");
    expect(html).not.toContain('<details class="req"');
  });
});

describe("eventsOfRequests", () => {
  it("returns each request's original events, as the request page reads them one by one", async () => {
    const { db } = tempDb();
    const events = Array.from({ length: 40 }, (_, i) => [
      makeEvent({ ...at(i % 60), auditID: `req-${i}`, stage: "RequestReceived" }),
      makeEvent({ ...at(i % 60), auditID: `req-${i}`, stage: "ResponseComplete" }),
    ]).flat();
    await ingestEvents(db, events, "batch");
    const rows = listRequestsFrom(db, filterFromParams({ cluster: "batch" }), { limit: 1000 }).items;
    expect(rows).toHaveLength(40);
    const cache = new BlockCache(2);
    const first = eventsOfRequests(db, rows.slice(0, 25).map((r) => r.id), cache);
    const second = eventsOfRequests(db, rows.slice(25).map((r) => r.id), cache);
    for (const row of rows) {
      const got = first.get(row.id) ?? second.get(row.id);
      expect(got).toEqual(getRequestFrom(db, row.id)!.events);
      expect(got!.map((e) => e.stage)).toEqual(["RequestReceived", "ResponseComplete"]);
    }
  });
});

describe("snapshot breakdowns", () => {
  it("show (none) for the requests without the field, as the dashboard does", async () => {
    const { db } = tempDb();
    await ingestEvents(
      db,
      [
        makeEvent({ ...at(1), objectRef: { resource: "pods", namespace: "prod", name: "a", apiVersion: "v1" } }),
        makeEvent({ ...at(2), requestURI: "/api/v1/nodes", objectRef: { resource: "nodes", apiVersion: "v1" } }),
      ],
      "snap",
    );
    const html = await snapshot(db, { cluster: "snap" });
    const namespaces = html.slice(html.indexOf("<h2>Namespace</h2>"), html.indexOf("<h2>Response code</h2>"));
    expect(namespaces).toContain("prod");
    expect(namespaces).toMatch(/<em class="muted">\(none\)<\/em>.*<td class="num">1<\/td>/s);
  });
});
