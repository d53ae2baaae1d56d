import "server-only";
import type { Db } from "../db";

/** store_settings names (migration 0028). */
const FINGERPRINT = "findings_fingerprint";
const COMPUTED_AT = "findings_computed_at";

/** What the stored findings were computed with: the rule set's fingerprint ("" for none or a mix), and when. */
export type FindingsState = { fingerprint: string | null; computedAtUs: number | null };

export function findingsState(db: Db): FindingsState {
  const rows = db
    .prepare<[string, string], { name: string; value: string }>("SELECT name, value FROM store_settings WHERE name IN (?, ?)")
    .all(FINGERPRINT, COMPUTED_AT);
  const value = (name: string) => rows.find((r) => r.name === name)?.value ?? null;
  const at = value(COMPUTED_AT);
  return { fingerprint: value(FINGERPRINT), computedAtUs: at === null ? null : Number(at) };
}

/**
 * Notes that a batch was evaluated with `fingerprint`'s rules (in its transaction). The first batch of a
 * store sets it; a batch written with other rules than the stored findings' leaves a mix, which only a
 * recompute makes current again.
 */
export function noteRulesUsed(db: Db, fingerprint: string, nowUs: number): void {
  const stored = findingsState(db).fingerprint;
  if (stored === fingerprint || stored === "" || stored === recomputing(fingerprint)) return;
  if (stored === null) return recordComputed(db, fingerprint, nowUs);
  db.prepare<[string, string]>("INSERT OR REPLACE INTO store_settings (name, value) VALUES (?, ?)").run(FINGERPRINT, "");
}

/**
 * What a recompute stores while it runs: stale for every rule set, including its own, until it ends. A
 * batch evaluated meanwhile with the same rules leaves it; one with other rules turns it into a mix ("").
 */
const recomputing = (fingerprint: string) => `recomputing:${fingerprint}`;

export function noteRecomputeStarted(db: Db, fingerprint: string): void {
  db.prepare<[string, string]>("INSERT OR REPLACE INTO store_settings (name, value) VALUES (?, ?)").run(FINGERPRINT, recomputing(fingerprint));
}

/** Whether no batch with other rules, and no recompute with other rules, came since this one started. */
export function stillRecomputing(db: Db, fingerprint: string): boolean {
  const stored = findingsState(db).fingerprint;
  // Another recompute with the same rules may have finished first: its answer is this one's.
  return stored === recomputing(fingerprint) || stored === fingerprint;
}

/**
 * Ends a recompute: the findings are `fingerprint`'s if nothing was written meanwhile with other rules
 * (by another process, or a recompute with other rules started since). Otherwise the mark a batch left
 * stays and false is returned: a compare-and-set, so a recompute never hides a mix that happened while
 * it ran. A store that holds no request is current for any rules, as one that never held any.
 */
export function recordRecomputed(db: Db, fingerprint: string, startedUs: number): boolean {
  if (!stillRecomputing(db, fingerprint)) return false;
  if (db.prepare("SELECT 1 FROM requests LIMIT 1").get() === undefined) {
    db.prepare<[string, string]>("DELETE FROM store_settings WHERE name IN (?, ?)").run(FINGERPRINT, COMPUTED_AT);
  } else {
    recordComputed(db, fingerprint, startedUs);
  }
  return true;
}

/** Every stored request has been evaluated with `fingerprint`'s rules (a recompute, or the store's first batch). */
export function recordComputed(db: Db, fingerprint: string, nowUs: number): void {
  const put = db.prepare<[string, string]>("INSERT OR REPLACE INTO store_settings (name, value) VALUES (?, ?)");
  put.run(FINGERPRINT, fingerprint);
  put.run(COMPUTED_AT, String(nowUs));
}
