import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { openDb, type Db } from "@/lib/store/sqlite/db";

const opened: { db: Db; dir: string }[] = [];

afterEach(() => {
  for (const { db, dir } of opened.splice(0)) {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A real SQLite store in a fresh temp dir, closed and removed after the test. */
export function tempDb(): { db: Db; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-unit-"));
  const file = path.join(dir, "store.db");
  const db = openDb(file);
  opened.push({ db, dir });
  return { db, file };
}
