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
  if (stored === fingerprint || stored === "") return;
  if (stored === null) return recordComputed(db, fingerprint, nowUs);
  db.prepare<[string, string]>("INSERT OR REPLACE INTO store_settings (name, value) VALUES (?, ?)").run(FINGERPRINT, "");
}

/** Every stored request has been evaluated with `fingerprint`'s rules (a recompute, or the store's first batch). */
export function recordComputed(db: Db, fingerprint: string, nowUs: number): void {
  const put = db.prepare<[string, string]>("INSERT OR REPLACE INTO store_settings (name, value) VALUES (?, ?)");
  put.run(FINGERPRINT, fingerprint);
  put.run(COMPUTED_AT, String(nowUs));
}
