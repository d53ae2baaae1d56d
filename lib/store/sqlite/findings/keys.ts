import "server-only";
import type { Db } from "../db";

/** SQL giving the text behind a key id column of rule_matches or finding_hits (null for null). */
export const keyText = (column: "key" | "distinct_value" | "differ_value" | "h.key" | "m.key") =>
  `(SELECT value FROM finding_keys WHERE id = ${column})`;

/**
 * The texts of correlation keys and compared values, each stored once (migration 0029). Ids are
 * remembered for one transaction only: a recompute in another process may prune unused texts, and a
 * rolled-back transaction may have handed out ids that were never committed.
 */
export class FindingKeys {
  private readonly ids = new Map<string, number>();
  private readonly select;
  private readonly insert;

  constructor(db: Db) {
    this.select = db.prepare<[string], { id: number }>("SELECT id FROM finding_keys WHERE value = ?");
    this.insert = db.prepare<[string]>("INSERT INTO finding_keys (value) VALUES (?)");
  }

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.select.get(value)?.id ?? Number(this.insert.run(value).lastInsertRowid);
      this.ids.set(value, id);
    }
    return id;
  }

  idOrNull(value: string | null): number | null {
    return value === null ? null : this.id(value);
  }
}

/** Drops the texts no match or hit refers to any more (after a recompute or a deletion). A scan of both tables: a few ms at 1M requests. */
export function pruneFindingKeys(db: Db): void {
  db.exec(`DELETE FROM finding_keys WHERE id NOT IN (
    SELECT key FROM rule_matches
    UNION SELECT distinct_value FROM rule_matches WHERE distinct_value IS NOT NULL
    UNION SELECT differ_value FROM rule_matches WHERE differ_value IS NOT NULL
    UNION SELECT key FROM finding_hits WHERE key IS NOT NULL)`);
}
