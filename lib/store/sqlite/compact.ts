import "server-only";
import type { Db } from "./db";

/**
 * Rewrites the store without the space deletions freed (SQLite VACUUM), and folds the write-ahead log
 * into the file so that it shrinks on disk now. Holds the write lock throughout: for a store not in use.
 */
export function compactStore(db: Db): void {
  db.exec("VACUUM");
  db.pragma("wal_checkpoint(TRUNCATE)");
}
