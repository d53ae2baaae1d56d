import "server-only";
import type { Db } from "./db";

/**
 * The dictionary of repeated strings. Ids are cached per connection; a rolled-back transaction may have
 * handed out ids that never got committed, so the writer calls `forget` when a batch fails.
 */
export class StringDictionary {
  private cache = new Map<string, number>();
  private readonly select;
  private readonly insert;

  constructor(db: Db) {
    this.select = db.prepare<[string], { id: number }>("SELECT id FROM strings WHERE value = ?");
    this.insert = db.prepare<[string]>("INSERT INTO strings (value) VALUES (?)");
  }

  id(value: string | null): number | null {
    if (value === null) return null;
    const cached = this.cache.get(value);
    if (cached !== undefined) return cached;
    const found = this.select.get(value);
    const id = found ? found.id : Number(this.insert.run(value).lastInsertRowid);
    if (this.cache.size > 200_000) this.cache.clear(); // names of a huge cluster must not grow memory forever
    this.cache.set(value, id);
    return id;
  }

  forget(): void {
    this.cache.clear();
  }
}

const dictionaries = new WeakMap<Db, StringDictionary>();

export function dictionaryOf(db: Db): StringDictionary {
  let dict = dictionaries.get(db);
  if (!dict) {
    dict = new StringDictionary(db);
    dictionaries.set(db, dict);
  }
  return dict;
}

export function lookupStringIds(db: Db, values: string[]): number[] {
  if (values.length === 0) return [];
  const rows = db
    .prepare<string[], { id: number }>(`SELECT id FROM strings WHERE value IN (${values.map(() => "?").join(",")})`)
    .all(...values);
  return rows.map((r) => r.id);
}
