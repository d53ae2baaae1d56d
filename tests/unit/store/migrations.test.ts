import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BLOCK_CODEC, compressBlock } from "@/lib/store/raw-blocks";
import { openDb } from "@/lib/store/sqlite/db";
import { migrations } from "@/lib/store/sqlite/migrations";
import { eventsOfRequests } from "@/lib/store/sqlite/request-events";
import { registerSqlFunctions } from "@/lib/store/sqlite/sql-functions";
import { tempDb } from "../helpers/temp-db";

describe("migrations", () => {
  it("brings an empty file to the latest schema version", () => {
    const { db, file } = tempDb();
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect(db.pragma("user_version", { simple: true })).toBe(migrations.at(-1)!.version);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(["blocks", "requests", "runs", "strings"]));
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  });

  it("re-opening an up-to-date store changes nothing and keeps its data", () => {
    const { db, file } = tempDb();
    db.prepare("INSERT INTO strings (value) VALUES ('kept')").run();
    const again = openDb(file);
    try {
      expect(again.pragma("user_version", { simple: true })).toBe(migrations.at(-1)!.version);
      expect(again.prepare("SELECT value FROM strings").all()).toEqual([{ value: "kept" }]);
    } finally {
      again.close();
    }
  });

  it("refuses a store written by a newer Auditlens, and leaves it as it was", () => {
    const { db, file } = tempDb();
    const newer = migrations.at(-1)!.version + 1;
    db.pragma(`user_version = ${newer}`);
    expect(() => openDb(file)).toThrow(`has store schema ${newer}, newer than this Auditlens knows (${newer - 1}): upgrade Auditlens to open it`);
    expect(db.pragma("user_version", { simple: true })).toBe(newer);
  });

  it("migration versions are unique and increasing", () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it("0013 moves each request's stage events into its row, keeping their order, places and flags", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-0013-"));
    const file = path.join(dir, "v12.db");
    try {
      const old = new Database(file);
      registerSqlFunctions(old);
      for (const m of migrations.filter((x) => x.version <= 12)) old.exec(m.sql);
      old.pragma("user_version = 12");
      const lines = ['{"stage":"RequestReceived"}', '{"stage":"ResponseComplete"}', '{"stage":"ResponseComplete","again":1}', '{"other":1}'];
      const block = Number(
        old.prepare("INSERT INTO blocks (data, codec) VALUES (?, ?)").run(compressBlock(Buffer.from(lines.join(""))), BLOCK_CODEC.brotli).lastInsertRowid,
      );
      const request = old.prepare(
        `INSERT INTO requests (id, cluster_id, audit_key, audit_id, ts, end_ts, stages, best_stage, event_count, level, verb_id, uri)
         VALUES (?, 1, ?, ?, 0, 0, 9, 3, ?, 1, 1, '/')`,
      );
      request.run(1, 1, "a", 3);
      request.run(2, 2, "b", 1);
      const event = old.prepare(
        "INSERT INTO events (request_id, stage, stage_ts, hash, run_id, block_id, byte_offset, byte_length, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      );
      let offset = 0;
      const place = (i: number) => {
        const at = offset;
        offset += lines[i]!.length;
        return [block, at, lines[i]!.length];
      };
      const [a0, a1, a2, b0] = [place(0), place(1), place(2), place(3)];
      // Stored out of stage order, as a reversed file would store them.
      event.run(1, 2, 1_715_342_400_012_600, 22, 1, ...a1, 0);
      event.run(1, 0, 1_715_342_400_000_100, 11, 1, ...a0, 0);
      event.run(1, 2, 1_715_342_400_013_000, 33, 2, ...a2, 1);
      event.run(2, 2, 1_715_342_400_020_000, 44, 1, ...b0, 2);
      old.close();

      const db = openDb(file);
      try {
        expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'events'").get()).toEqual({ n: 0 });
        const stored = eventsOfRequests(db, [1, 2]);
        expect(stored.get(1)!.map((e) => [e.id, e.stage, e.raw, e.runId, e.conflict])).toEqual([
          [1, "RequestReceived", lines[0], 1, false],
          [2, "ResponseComplete", lines[1], 1, false],
          [3, "ResponseComplete", lines[2], 2, true],
        ]);
        expect(stored.get(2)!.map((e) => [e.stage, e.raw, e.time])).toEqual([["ResponseComplete", lines[3], "2024-05-10T12:00:00.020000Z"]]);
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
