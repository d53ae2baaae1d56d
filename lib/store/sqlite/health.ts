import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "./db";
import { migrations } from "./migrations";

export type StoreHealth = { writable: boolean; migrated: boolean };

/**
 * Whether the store can take writes and has every migration this Auditlens knows. Writability is read
 * from the connection and the file system rather than by taking SQLite's write lock, which an upload may
 * hold for a batch: a probe must answer within its timeout (a second by default in Kubernetes).
 */
export function storeHealth(db: Db): StoreHealth {
  let writable = db.open && !db.readonly;
  try {
    // The directory too: SQLite creates the WAL and its index there.
    fs.accessSync(/*turbopackIgnore: true*/ db.name, fs.constants.W_OK);
    fs.accessSync(/*turbopackIgnore: true*/ path.dirname(db.name), fs.constants.W_OK);
  } catch {
    writable = false;
  }
  const version = db.pragma("user_version", { simple: true }) as number;
  return { writable, migrated: version === migrations[migrations.length - 1]!.version };
}

/** Bytes the store takes on disk: the database file and its write-ahead log. */
export function storeSizeBytes(file: string): number {
  let bytes = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      // A run-time file, not part of the build: keep Turbopack from tracing the project for it (as db.ts).
      bytes += fs.statSync(/*turbopackIgnore: true*/ f).size;
    } catch {
      // No WAL between checkpoints that removed it, or no store yet.
    }
  }
  return bytes;
}
