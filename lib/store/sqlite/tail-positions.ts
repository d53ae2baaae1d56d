import "server-only";
import type { Db } from "./db";

export type TailPosition = { path: string; dev: number; ino: number; head: string; offset: number };

export function loadTailPosition(db: Db, path: string): TailPosition | null {
  const row = db
    .prepare<[string], { path: string; dev: number; ino: number; head: string; byte_offset: number }>(
      "SELECT path, dev, ino, head, byte_offset FROM tail_positions WHERE path = ?",
    )
    .get(path);
  return row ? { path: row.path, dev: row.dev, ino: row.ino, head: row.head, offset: row.byte_offset } : null;
}

export function saveTailPosition(db: Db, p: TailPosition): void {
  db.prepare(
    `INSERT INTO tail_positions (path, dev, ino, head, byte_offset, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, head = excluded.head,
       byte_offset = excluded.byte_offset, updated_at = excluded.updated_at`,
  ).run(p.path, p.dev, p.ino, p.head, p.offset, Date.now() * 1000);
}
