import type { Db } from "@/lib/store/sqlite/db";

/**
 * Sets a store of today's schema back to `version`, as if written by that version, so that opening it
 * applies the later migrations again. What they added that cannot be added twice is undone first.
 */
export function rewindStore(db: Db, version: number): void {
  if (version < 22) db.exec("ALTER TABLE runs DROP COLUMN removed; DROP TABLE block_candidates");
  if (version < 24) db.exec("ALTER TABLE runs DROP COLUMN process");
  if (version < 26) db.exec("DROP INDEX requests_by_object");
  db.pragma(`user_version = ${version}`);
}
