import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import type { Db } from "@/lib/store/sqlite/db";
import { MAX_COUNTED, objectCondition, objectHistoryFrom, readObjectParams, type ObjectKey } from "@/lib/store/sqlite/history";
import { decodeStageEvents } from "@/lib/store/sqlite/stage-events";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { ingest, timed } from "./store-helpers";

const ref = { resource: "configmaps", namespace: "default", name: "my-config", apiVersion: "v1" };
const KEY: ObjectKey = { cluster: "test", group: "", resource: "configmaps", namespace: "default", name: "my-config" };

const configMap = (n: number, uid = "u1") => ({
  kind: "ConfigMap",
  apiVersion: "v1",
  metadata: { name: "my-config", namespace: "default", uid, resourceVersion: String(100 + n) },
  data: { step: String(n) },
});

/**
 * A varied life: versions, reads without bodies, failed writes, a delete and a re-create, so that the
 * version before a page is sometimes several requests back. Each request its own batch, so its own block.
 */
function life(): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < 30; i++) {
    const t = timed(i);
    if (i === 17) events.push(makeEvent({ ...t, level: "RequestResponse", verb: "delete", objectRef: ref, responseObject: { kind: "Status", status: "Success" } }));
    else if (i === 18) events.push(makeEvent({ ...t, level: "RequestResponse", verb: "create", objectRef: ref, responseStatus: { code: 201 }, responseObject: configMap(i, "u2") }));
    else if (i % 5 === 3) events.push(makeEvent({ ...t, level: "Metadata", verb: "get", objectRef: ref }));
    else if (i % 7 === 4)
      events.push(makeEvent({ ...t, level: "RequestResponse", verb: "update", objectRef: ref, responseStatus: { code: 409 }, requestObject: configMap(-i) }));
    else events.push(makeEvent({ ...t, level: "RequestResponse", verb: i === 0 ? "create" : "update", objectRef: ref, responseObject: configMap(i, i > 18 ? "u2" : "u1") }));
  }
  return events;
}

function store(): Db {
  const { db } = tempDb();
  for (const e of life()) ingest(db, [e]);
  return db;
}

/** Every page in `order`, following `next`, as the history page walks them. */
function allPages(db: Db, order: "asc" | "desc", limit: number) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = objectHistoryFrom(db, KEY, { order, limit, cursor });
    pages.push(page);
    cursor = page.next ?? undefined;
  } while (cursor);
  return pages;
}

describe("an object's history in pages", () => {
  it("pages through every request, each page's diffs and deletes the same as in the whole history", () => {
    const db = store();
    const whole = objectHistoryFrom(db, KEY, { limit: 500 });
    expect(whole.entries).toHaveLength(30);
    expect(whole.truncated).toBe(false);
    expect(whole.next).toBeNull();
    const byId = new Map(whole.entries.map((e) => [e.request.id, e]));
    for (const order of ["desc", "asc"] as const) {
      for (const limit of [1, 4, 7, 30]) {
        const pages = allPages(db, order, limit);
        expect(pages).toHaveLength(Math.ceil(30 / limit));
        const seen = pages.flatMap((p) => {
          expect(p.total).toBe(30);
          expect(p.truncated).toBe(limit < 30);
          // Each page oldest first; the pages themselves from the end `order` names.
          const times = p.entries.map((e) => e.request.time);
          expect(times).toEqual([...times].sort());
          return order === "desc" ? [...p.entries].reverse() : p.entries;
        });
        const ids = seen.map((e) => e.request.id);
        const expected = whole.entries.map((e) => e.request.id);
        expect(ids).toEqual(order === "desc" ? [...expected].reverse() : expected);
        for (const entry of seen) expect(entry, `${order} ${limit} ${entry.request.id}`).toEqual(byId.get(entry.request.id));
      }
    }
  });

  it("diffs a page's first version against the version before it, past reads and failed writes", () => {
    const db = store();
    // Oldest first, pages of 3: the second holds request 3 (a read without a body), 4 (a failed update)
    // and 5, whose change is relative to request 2's version, on the first page.
    const [, second] = allPages(db, "asc", 3);
    expect(second!.entries.map((e) => [e.request.verb, e.request.code, e.object === null])).toEqual([["get", 200, true], ["update", 409, true], ["update", 200, false]]);
    expect(second!.entries[2]!.changes).toEqual([{ type: "changed", path: ["data", "step"], before: "2", after: "5" }]);
    expect(second!.versions).toBe(1);
  });

  it("shows what a delete on the first row of a page deleted, from the page before", () => {
    const db = store();
    // Oldest first, pages of 17: the second page opens with the delete (request 17).
    const [, second] = allPages(db, "asc", 17);
    const del = second!.entries[0]!;
    expect(del.request.verb).toBe("delete");
    expect(del.lastKnown).toEqual(configMap(16));
    // The re-created object diffs against the one deleted: a new uid.
    expect(second!.entries[1]!.changes).toContainEqual({ type: "changed", path: ["metadata", "uid"], before: "u1", after: "u2" });
  });

  it("reads no stored event of requests older than the version before the page", () => {
    const db = store();
    const whole = objectHistoryFrom(db, KEY, { limit: 500 });
    // Newest first, a page of 5 (requests 25–29) and the version before it (24). Each request was written
    // in a batch of its own, so in blocks of its own: make those of requests 0–20 unreadable.
    const old = db.prepare<[], { events: Buffer }>("SELECT events FROM requests ORDER BY ts LIMIT 21").all();
    const blocks = [...new Set(old.flatMap((r) => decodeStageEvents(r.events).map((e) => e.blockId)))];
    db.prepare("UPDATE blocks SET data = x'00' WHERE id IN (SELECT value FROM json_each(?))").run(JSON.stringify(blocks));
    expect(() => objectHistoryFrom(db, KEY, { limit: 500 })).toThrow();
    const page = objectHistoryFrom(db, KEY, { limit: 5 });
    expect(page.entries).toEqual(whole.entries.slice(25));
    // Request 25 failed; 26 changed what 24 left.
    expect(page.entries[1]!.changes).toEqual([{ type: "changed", path: ["data", "step"], before: "24", after: "26" }]);
  });

  it("counts a busy object's requests up to MAX_COUNTED", () => {
    const { db } = tempDb();
    // A lease renewed at Metadata level: nothing to compare, so no walk back through its past.
    const lease = { resource: "leases", namespace: "kube-node-lease", name: "node-1", apiGroup: "coordination.k8s.io", apiVersion: "v1" };
    ingest(db, Array.from({ length: MAX_COUNTED + 5 }, (_, i) => makeEvent({ ...timed(i / 6), verb: "update", objectRef: lease })));
    const key: ObjectKey = { cluster: "test", group: "coordination.k8s.io", resource: "leases", namespace: "kube-node-lease", name: "node-1" };
    const page = objectHistoryFrom(db, key);
    expect(page.entries).toHaveLength(20);
    expect(page).toMatchObject({ total: MAX_COUNTED, totalAtLeast: true, truncated: true, versions: 0 });
    const few = objectHistoryFrom(db, { ...key, name: "node-2" });
    expect(few).toMatchObject({ total: 0, totalAtLeast: false, truncated: false, next: null });
  });

  it("finds the object's page through its index, already in order", () => {
    const { db } = tempDb();
    const object = objectCondition(KEY, ["test"]);
    const plan = db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN SELECT r.id FROM requests r WHERE ${object.sql} AND (r.ts, r.id) < (?, ?) ORDER BY r.ts DESC, r.id DESC LIMIT 21`)
      .all(...object.params, 1, 1)
      .map((r) => r.detail);
    expect(plan[0]).toMatch(/^SEARCH r USING INDEX requests_by_object \(resource_id=\? AND namespace_id=\? AND <expr>=\? AND ts<\?\)$/);
    expect(plan.join("\n")).not.toMatch(/TEMP B-TREE/);
  });

  it("reads the page from the URL, and names a cursor or limit it cannot use", () => {
    const params = (extra: Record<string, string>) => new URLSearchParams({ resource: "configmaps", name: "x", ...extra });
    expect(readObjectParams(params({})).options).toEqual({ order: "desc", fields: "changed", limit: 20 });
    expect(readObjectParams(params({ limit: "5", cursor: "MTA6Mg" })).options).toMatchObject({ limit: 5, cursor: "MTA6Mg" });
    expect(readObjectParams(params({ cursor: "nope!" })).issues.map((i) => i.parameter)).toEqual(["cursor"]);
    expect(readObjectParams(params({ limit: "501" })).issues.map((i) => i.parameter)).toEqual(["limit"]);
  });
});
