import "server-only";
import { CachedIds, perConnection } from "./cached-ids";
import type { Db } from "./db";

/** The dictionary of repeated strings: a value's id, found or inserted (null stays null). */
export class StringDictionary {
  private readonly ids: CachedIds<string>;

  constructor(db: Db) {
    const select = db.prepare<[string], { id: number }>("SELECT id FROM strings WHERE value = ?");
    const insert = db.prepare<[string]>("INSERT INTO strings (value) VALUES (?)");
    this.ids = new CachedIds(
      (value) => value,
      (value) => select.get(value)?.id,
      (value) => Number(insert.run(value).lastInsertRowid),
    );
  }

  id(value: string | null): number | null {
    return value === null ? null : this.ids.id(value);
  }

  forget(): void {
    this.ids.forget();
  }
}

export const dictionaryOf = perConnection((db) => new StringDictionary(db));

export function lookupStringIds(db: Db, values: string[]): number[] {
  if (values.length === 0) return [];
  const rows = db
    .prepare<string[], { id: number }>(`SELECT id FROM strings WHERE value IN (${values.map(() => "?").join(",")})`)
    .all(...values);
  return rows.map((r) => r.id);
}
