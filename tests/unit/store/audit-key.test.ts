import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { ingestStream } from "@/lib/ingest/pipeline";
import { auditKeyOf, auditKeySchemeOf } from "@/lib/store/sqlite/audit-key";
import { openDb, type Db } from "@/lib/store/sqlite/db";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { rewindStore } from "../helpers/rewind-store";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

const sha1Key = (text: string) => createHash("sha1").update(text).digest().readUIntBE(0, 6);

async function ingest(db: Db, events: object[]) {
  return ingestStream(sqliteIngestTarget(db), Readable.from([Buffer.from(jsonLines(events))]), { cluster: "k", source: "cli", filename: "k.log" });
}

function keys(db: Db): Map<string, number> {
  const rows = db.prepare<[], { audit_key: number; id: string }>(
    "SELECT audit_key, CASE WHEN typeof(audit_id) = 'blob' THEN lower(hex(audit_id)) ELSE audit_id END AS id FROM requests",
  );
  return new Map(rows.all().map((r) => [r.id, r.audit_key]));
}

/** The "uuid" scheme's 48 bits: the first twelve hex digits XOR the last twelve XOR the middle eight (as 0xMMMM00NNNN). */
function uuidBits(id: string): number {
  const h = id.replaceAll("-", "");
  const middle = (BigInt(`0x${h.slice(12, 16)}`) << 32n) | BigInt(`0x${h.slice(16, 20)}`);
  return Number(BigInt(`0x${h.slice(0, 12)}`) ^ BigInt(`0x${h.slice(20)}`) ^ middle);
}

const UUIDS = [
  "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3",
  // v1: the host's bits (the last twelve) repeat, the clock's do not.
  "1c4e2a10-8f5b-11ef-9a2b-0242ac120002",
  "1c4e2a11-8f5b-11ef-9a2b-0242ac120002",
  // v7: the millisecond (the first twelve) repeats, the random bits do not.
  "01936b2e-7c4f-7a01-b3c2-5d6e7f809a1b",
  "01936b2e-7c4f-7a02-b3c2-1d2e3f405a6b",
  // Client-sent: only the middle groups differ.
  "aaaaaaaa-aaaa-1111-2222-aaaaaaaaaaaa",
  "aaaaaaaa-aaaa-3333-4444-aaaaaaaaaaaa",
];
const hex = (id: string) => id.replaceAll("-", "");

describe("requests.audit_key", () => {
  it("is the received millisecond then 10 bits of the UUID in a new store for API-server auditIDs, and the auditID's bits for others", async () => {
    const { db } = tempDb();
    expect(auditKeySchemeOf(db)).toBe("time");
    const random = ["0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3", "5f0c8a2e-3b1d-4c6e-9f7a-2b8c4d6e8f01"];
    const others = [...UUIDS.slice(1), "00000000-0000-0000-0000-000000000000"];
    const at = "2024-05-10T12:00:00.000900Z";
    await ingest(db, [...random, ...others, "not-a-uuid"].map((auditID) => makeEvent({ auditID, requestReceivedTimestamp: at })));
    await ingest(db, [makeEvent({ auditID: "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b", requestReceivedTimestamp: "2024-05-10T12:00:01.000100Z" })]);
    const ms = Date.parse("2024-05-10T12:00:00.000Z");
    const stored = keys(db);
    for (const id of random) expect(stored.get(hex(id))).toBe(ms * 1024 + (uuidBits(id) % 1024));
    expect(stored.get(hex("c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b"))).toBe((ms + 1000) * 1024 + (uuidBits("c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b") % 1024));
    for (const id of others) expect(stored.get(hex(id))).toBe(uuidBits(id));
    expect(stored.get("not-a-uuid")).toBe(sha1Key("not-a-uuid"));
  });

  it("keeps the auditID's 48 bits for an event without requestReceivedTimestamp, whose stages merge though their `timestamp`s differ, in one batch or two", async () => {
    const auditID = UUIDS[0]!;
    const v1beta1 = (stage: AuditEvent["stage"], timestamp: string) =>
      makeEvent({ auditID, apiVersion: "audit.k8s.io/v1beta1", stage, timestamp, requestReceivedTimestamp: undefined, stageTimestamp: undefined });
    const received = v1beta1("RequestReceived", "2017-09-11T19:55:05Z");
    const complete = v1beta1("ResponseComplete", "2017-09-11T19:55:07Z");
    const apart = tempDb().db;
    await ingest(apart, [received]);
    await ingest(apart, [complete]);
    const together = tempDb().db;
    await ingest(together, [received, complete]);
    for (const db of [apart, together]) {
      expect(db.prepare("SELECT count(*) AS n, max(event_count) AS events, max(audit_key) AS key FROM requests").get()).toEqual({
        n: 1,
        events: 2,
        key: uuidBits(auditID),
      });
    }
  });

  it("keys on requestReceivedTimestamp alone: a stage without stageTimestamp stays in its request", async () => {
    const auditID = UUIDS[0]!;
    const received = makeEvent({ auditID, stage: "RequestReceived", responseStatus: undefined, stageTimestamp: undefined });
    const complete = makeEvent({ auditID, stage: "ResponseComplete" });
    const apart = tempDb().db;
    await ingest(apart, [received]);
    await ingest(apart, [complete]);
    const together = tempDb().db;
    await ingest(together, [received, complete]);
    const ms = Date.parse("2024-05-10T12:00:00.000Z");
    for (const db of [apart, together]) {
      expect(db.prepare("SELECT count(*) AS n, max(event_count) AS events, max(audit_key) AS key FROM requests").get()).toEqual({
        n: 1,
        events: 2,
        key: ms * 1024 + (uuidBits(auditID) % 1024),
      });
    }
  });

  it("is a UUID's own bits in a store made at version 17, distinct for UUIDs that share their first or last digits, and SHA-1 of any other auditID", async () => {
    const { db } = tempDb();
    db.prepare("UPDATE store_settings SET value = 'uuid' WHERE name = 'audit_key'").run();
    expect(auditKeySchemeOf(db)).toBe("uuid");
    await ingest(db, [...UUIDS, "not-a-uuid"].map((auditID) => makeEvent({ auditID })));
    const stored = keys(db);
    for (const id of UUIDS) expect(stored.get(hex(id))).toBe(uuidBits(id));
    expect(new Set(UUIDS.map((id) => stored.get(hex(id)))).size).toBe(UUIDS.length);
    expect(stored.get("not-a-uuid")).toBe(sha1Key("not-a-uuid"));
  });

  it("is computed from the auditID, the received time and whether that was requestReceivedTimestamp", () => {
    const ms = Date.parse("2024-05-10T12:00:00Z");
    const event = { auditID: UUIDS[0]!, receivedUs: ms * 1000 + 1500, hasReceivedTimestamp: true };
    expect(auditKeyOf("time", event)).toBe((ms + 1) * 1024 + (uuidBits(UUIDS[0]!) % 1024));
    expect(auditKeyOf("uuid", event)).toBe(uuidBits(UUIDS[0]!));
    expect(auditKeyOf("sha1", event)).toBe(sha1Key(UUIDS[0]!));
    // Out of the exact-integer range, not from requestReceivedTimestamp, or not a v4 UUID: the auditID's bits.
    expect(auditKeyOf("time", { ...event, receivedUs: -5_000_000 })).toBe(uuidBits(UUIDS[0]!));
    expect(auditKeyOf("time", { ...event, receivedUs: 2 ** 43 * 1000 })).toBe(uuidBits(UUIDS[0]!));
    expect(auditKeyOf("time", { ...event, hasReceivedTimestamp: false })).toBe(uuidBits(UUIDS[0]!));
    expect(auditKeyOf("time", { ...event, auditID: UUIDS[1]! })).toBe(uuidBits(UUIDS[1]!));
  });

  it("finds stored requests by it: a later stage merges into its request, a re-read file adds nothing", async () => {
    const { db } = tempDb();
    const received = makeEvent({ stage: "RequestReceived", responseStatus: undefined });
    const complete = { ...received, stage: "ResponseComplete", responseStatus: { metadata: {}, code: 201 } };
    await ingest(db, [received]);
    await ingest(db, [complete]);
    const again = await ingest(db, [received, complete]);
    expect(again).toMatchObject({ added: 0, duplicates: 2 });
    expect(db.prepare("SELECT count(*) AS n, max(event_count) AS events, max(code) AS code FROM requests").get()).toEqual({ n: 1, events: 2, code: 201 });
  });

  it("makes an API-server auditID seen again at another received time another request, whether in one batch or two", async () => {
    const reused = (rrt: string, stage: AuditEvent["stage"]) =>
      makeEvent({ auditID: "5f0c8a2e-3b1d-4c6e-9f7a-2b8c4d6e8f01", stage, requestReceivedTimestamp: rrt, stageTimestamp: rrt, verb: stage === "RequestReceived" ? "get" : "list" });
    const first = [reused("2024-05-10T12:00:00.000100Z", "RequestReceived"), reused("2024-05-10T12:00:00.000100Z", "ResponseComplete")];
    const second = [reused("2024-05-10T12:05:00.000100Z", "RequestReceived"), reused("2024-05-10T12:05:00.000100Z", "ResponseComplete")];
    const rows = (db: Db) => db.prepare("SELECT ts, event_count AS events, stages FROM requests ORDER BY ts").all();
    const together = tempDb().db;
    await ingest(together, [first[0]!, second[0]!, first[1]!, second[1]!]);
    const apart = tempDb().db;
    await ingest(apart, first);
    await ingest(apart, second);
    expect(rows(together)).toHaveLength(2);
    expect(rows(together)).toEqual(rows(apart));
    expect(rows(together)).toEqual([expect.objectContaining({ events: 2 }), expect.objectContaining({ events: 2 })]);
    expect(await ingest(apart, [...first, ...second])).toMatchObject({ added: 0, duplicates: 4 });
  });

  it("keeps one request for a made-up auditID shared by events at different times, as sanitised logs have, in one batch or two", async () => {
    const sanitised = (auditID: string, rrt: string) => makeEvent({ auditID, requestReceivedTimestamp: rrt, stageTimestamp: rrt });
    const apart = tempDb().db;
    const together = tempDb().db;
    for (const auditID of ["abcde12345", "00000000-0000-0000-0000-000000000000"]) {
      const events = [sanitised(auditID, "2024-05-10T12:00:00.000100Z"), sanitised(auditID, "2024-07-16T10:12:56.525137Z")];
      await ingest(apart, [events[0]!]);
      await ingest(apart, [events[1]!]);
      await ingest(together, events);
    }
    for (const db of [apart, together]) {
      expect(db.prepare("SELECT count(*) AS n, min(event_count) AS events, min(flags & 1) AS conflict FROM requests").get()).toEqual({ n: 2, events: 2, conflict: 1 });
    }
  });

  /** Opens a store left by an older version, `setup` having written a RequestReceived into it, and ingests the ResponseComplete. */
  async function laterStageIn(version: number, auditID: string, setup: (db: Db) => void) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-key-"));
    const file = path.join(dir, `v${version}.db`);
    try {
      const old = openDb(file);
      await ingest(old, [makeEvent({ auditID, stage: "RequestReceived", responseStatus: undefined })]);
      setup(old);
      rewindStore(old, version);
      old.close();

      const db = openDb(file);
      try {
        const scheme = auditKeySchemeOf(db);
        await ingest(db, [makeEvent({ auditID, stage: "ResponseComplete" })]);
        return { scheme, rows: db.prepare("SELECT count(*) AS n, max(event_count) AS events, max(audit_key) AS key FROM requests").get() };
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("stays SHA-1 in a store that held requests before 0017, whose later stages still find their rows", async () => {
    const auditID = "5f0c8a2e-3b1d-4c6e-9f7a-2b8c4d6e8f01";
    const after = await laterStageIn(16, auditID, (db) => {
      db.prepare("UPDATE requests SET audit_key = ?").run(sha1Key(auditID));
      db.exec("DROP TABLE store_settings");
    });
    expect(after).toEqual({ scheme: "sha1", rows: { n: 1, events: 2, key: sha1Key(auditID) } });
  });

  it("stays the UUID's bits in a store that held requests before 0018, whose later stages still find their rows", async () => {
    const auditID = "5f0c8a2e-3b1d-4c6e-9f7a-2b8c4d6e8f01";
    const after = await laterStageIn(17, auditID, (db) => {
      db.prepare("UPDATE requests SET audit_key = ?").run(uuidBits(auditID));
      db.prepare("UPDATE store_settings SET value = 'uuid' WHERE name = 'audit_key'").run();
    });
    expect(after).toEqual({ scheme: "uuid", rows: { n: 1, events: 2, key: uuidBits(auditID) } });
  });
});
