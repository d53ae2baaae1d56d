import "server-only";
import type { Db } from "../db";

/**
 * The integer each rule id is stored under (finding_rules), adding the ids not there yet. Two statements
 * per call, whatever the number of rules: cheap enough per batch, so no cache has to be taken back when a
 * batch's transaction rolls back.
 */
export function ruleIdsOf(db: Db, names: readonly string[]): Map<string, number> {
  const json = JSON.stringify(names);
  db.prepare<[string]>("INSERT OR IGNORE INTO finding_rules (name) SELECT value FROM json_each(?)").run(json);
  const rows = db
    .prepare<[string], { id: number; name: string }>("SELECT id, name FROM finding_rules WHERE name IN (SELECT value FROM json_each(?))")
    .all(json);
  return new Map(rows.map((r) => [r.name, r.id]));
}
