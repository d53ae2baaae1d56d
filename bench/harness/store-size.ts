import Database from "better-sqlite3";
import fs from "node:fs";

export type StoreSize = {
  /** Database file plus its WAL after a truncating checkpoint: everything the store keeps on disk. */
  bytes: number;
  /** Bytes per table and index (FTS shadow tables included), largest first; null without dbstat. */
  breakdown: { name: string; bytes: number }[] | null;
};

const fileSize = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);

/**
 * Measured with its own connection after the writer has exited. The checkpoint folds the WAL into the
 * database so that neither is counted twice nor missed; -shm is an index of the WAL, not data.
 */
export function measureStore(file: string): StoreSize {
  const db = new Database(file);
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
    let breakdown: StoreSize["breakdown"] = null;
    try {
      breakdown = db
        .prepare<[], { name: string; bytes: number }>("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC")
        .all();
    } catch {
      // SQLite built without SQLITE_ENABLE_DBSTAT_VTAB: the total is still right.
    }
    return { bytes: fileSize(file) + fileSize(`${file}-wal`), breakdown };
  } finally {
    db.close();
  }
}
