import "server-only";
import type { Db } from "./db";

/** Most keys held; the names of a huge cluster must not grow memory forever. */
const MAX_CACHED = 200_000;

/**
 * Ids of values kept in a table of their own (strings, combinations), found or inserted on first use and
 * cached per connection. A rolled-back transaction may have handed out ids that never got committed, so
 * the writer calls `forget` when a batch fails.
 */
export class CachedIds<V> {
  private cache = new Map<string, number>();

  constructor(
    private readonly key: (value: V) => string,
    private readonly find: (key: string) => number | undefined,
    private readonly insert: (key: string, value: V) => number,
  ) {}

  id(value: V): number {
    const key = this.key(value);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const id = this.find(key) ?? this.insert(key, value);
    if (this.cache.size > MAX_CACHED) this.cache.clear();
    this.cache.set(key, id);
    return id;
  }

  forget(): void {
    this.cache.clear();
  }
}

/** One instance per connection, made on first use. */
export function perConnection<T>(make: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}
