import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ingestStream } from "@/lib/ingest/pipeline";
import { auditKeyOf, auditKeySchemeOf } from "@/lib/store/audit-key";
import { openDb, type Db } from "@/lib/store/db";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";

const sha1Key = (text: string) => createHash("sha1").update(text).digest().readUIntBE(0, 6);

async function ingest(db: Db, events: object[]) {
  return ingestStream(db, Readable.from([Buffer.from(jsonLines(events))]), { cluster: "k", source: "cli", filename: "k.log" });
}

function keys(db: Db): Map<string, number> {
  const rows = db.prepare<[], { audit_key: number; id: string }>(
    "SELECT audit_key, CASE WHEN typeof(audit_id) = 'blob' THEN lower(hex(audit_id)) ELSE audit_id END AS id FROM requests",
  );
  return new Map(rows.all().map((r) => [r.id, r.audit_key]));
}

describe("requests.audit_key", () => {
  it("is a UUID's own bits in a new store, distinct for UUIDs that share their first or last digits, and SHA-1 of any other auditID", async () => {
    const { db } = tempDb();
    expect(auditKeySchemeOf(db)).toBe("uuid");
    const ids = [
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
      "not-a-uuid",
    ];
    await ingest(db, ids.map((auditID) => makeEvent({ auditID })));
    const hex = (id: string) => id.replaceAll("-", "");
    // As 48-bit integers: the first twelve hex digits XOR the last twelve XOR the middle eight (as 0xMMMM00NNNN).
    const expected = (id: string) => {
      const h = hex(id);
      const middle = (BigInt(`0x${h.slice(12, 16)}`) << 32n) | BigInt(`0x${h.slice(16, 20)}`);
      return Number(BigInt(`0x${h.slice(0, 12)}`) ^ BigInt(`0x${h.slice(20)}`) ^ middle);
    };
    const stored = keys(db);
    for (const id of ids.slice(0, 7)) expect(stored.get(hex(id))).toBe(expected(id));
    expect(new Set(ids.slice(0, 7).map((id) => stored.get(hex(id)))).size).toBe(7);
    expect(stored.get("not-a-uuid")).toBe(sha1Key("not-a-uuid"));
    for (const id of ids) expect(auditKeyOf("uuid", id)).toBe(stored.get(id.includes("-") && id !== "not-a-uuid" ? hex(id) : id));
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

  it("stays SHA-1 in a store that held requests before, whose later stages still find their rows", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-key-"));
    const file = path.join(dir, "v16.db");
    const auditID = "5f0c8a2e-3b1d-4c6e-9f7a-2b8c4d6e8f01";
    try {
      // A store as version 16 left it: a RequestReceived stored under the SHA-1 key, and no settings.
      const setup = openDb(file);
      await ingest(setup, [makeEvent({ auditID, stage: "RequestReceived", responseStatus: undefined })]);
      setup.prepare("UPDATE requests SET audit_key = ?").run(sha1Key(auditID));
      setup.exec("DROP TABLE store_settings");
      setup.pragma("user_version = 16");
      setup.close();

      const db = openDb(file);
      try {
        expect(auditKeySchemeOf(db)).toBe("sha1");
        await ingest(db, [makeEvent({ auditID, stage: "ResponseComplete" })]);
        expect(db.prepare("SELECT count(*) AS n, max(event_count) AS events, max(audit_key) AS key FROM requests").get()).toEqual({
          n: 1,
          events: 2,
          key: sha1Key(auditID),
        });
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
