import "server-only";
import type { Db } from "../db";

/** store_settings names (migration 0028). */
const RULES = "findings_rules";
const COMPUTED_AT = "findings_computed_at";

/** What the stored findings were computed with: the rule set's fingerprint ("" for none or a mix), and when. */
export type FindingsState = { fingerprint: string | null; computedAtUs: number | null };

export function findingsState(db: Db): FindingsState {
  const rows = db
    .prepare<[string, string], { name: string; value: string }>("SELECT name, value FROM store_settings WHERE name IN (?, ?)")
    .all(RULES, COMPUTED_AT);
  const value = (name: string) => rows.find((r) => r.name === name)?.value ?? null;
  const at = value(COMPUTED_AT);
  return { fingerprint: value(RULES), computedAtUs: at === null ? null : Number(at) };
}

/**
 * Whether the stored findings are what `fingerprint`'s rule set finds. A store that never held a request
 * has nothing computed with other rules, so it is current. `computedAt`: µs since the epoch.
 */
export function findingsStatus(db: Db, fingerprint: string): { current: boolean; computedAt: number | null } {
  const state = findingsState(db);
  return { current: state.fingerprint === null || state.fingerprint === fingerprint, computedAt: state.computedAtUs };
}

/**
 * Notes that a batch was evaluated with `fingerprint`'s rules (in its transaction). The first batch of a
 * store sets it; a batch written with other rules than the stored findings' leaves a mix, which only a
 * recompute makes current again.
 */
export function noteRulesUsed(db: Db, fingerprint: string, nowUs: number): void {
  const stored = findingsState(db).fingerprint;
  if (stored === fingerprint || stored === "") return;
  if (stored === null) return recordComputed(db, fingerprint, nowUs);
  db.prepare<[string, string]>("INSERT OR REPLACE INTO store_settings (name, value) VALUES (?, ?)").run(RULES, "");
}

/** Every stored request has been evaluated with `fingerprint`'s rules (a recompute, or the store's first batch). */
export function recordComputed(db: Db, fingerprint: string, nowUs: number): void {
  const put = db.prepare<[string, string]>("INSERT OR REPLACE INTO store_settings (name, value) VALUES (?, ?)");
  put.run(RULES, fingerprint);
  put.run(COMPUTED_AT, String(nowUs));
}
