import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/store/db";
import { migrations } from "@/lib/store/migrations";
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
    expect(tables).toEqual(expect.arrayContaining(["blocks", "events", "requests", "runs", "strings"]));
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

  it("migration versions are unique and increasing", () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });
});
