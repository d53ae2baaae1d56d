import type { Db } from "@/lib/store/sqlite/db";

/**
 * Sets a store of today's schema back to `version`, as if written by that version, so that opening it
 * applies the later migrations again. What they added that cannot be added twice is undone first.
 */
export function rewindStore(db: Db, version: number): void {
  if (version < 22) db.exec("ALTER TABLE runs DROP COLUMN removed; DROP TABLE block_candidates");
  if (version < 24) db.exec("ALTER TABLE runs DROP COLUMN process");
  if (version < 25) rewindEffectiveUser(db);
  if (version < 26) db.exec("DROP INDEX requests_by_object");
  if (version < 29) rewindFindingKeys(db);
  if (version < 28) {
    db.exec("DROP TABLE finding_rules; DROP TABLE finding_hits; DROP TABLE rule_matches");
    // A test rewinding past 0017 may have dropped store_settings already.
    const settings = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'store_settings'").get();
    if (settings) db.exec("DELETE FROM store_settings WHERE name IN ('findings_fingerprint', 'findings_computed_at')");
  }
  db.pragma(`user_version = ${version}`);
}

/**
 * Before 0025 a combination had no effective user: its key is the first twelve columns', and requests
 * of one authenticated user share a combination whether impersonated or not. The combinations are
 * merged back that way; the rollups stay split (0025 counts them again from requests).
 */
function rewindEffectiveUser(db: Db): void {
  db.exec(`
    DELETE FROM request_facet_counts WHERE facet = 'actor';
    CREATE TEMP TABLE merged AS
      SELECT id, substr(key, 1, length(key) - length(coalesce(actor_id, '')) - 1) AS old_key FROM request_combos;
    CREATE TEMP TABLE kept AS SELECT old_key, min(id) AS id, sum(n) AS n FROM merged JOIN request_combos USING (id) GROUP BY old_key;
    UPDATE requests SET combo_id = (SELECT k.id FROM merged m JOIN kept k USING (old_key) WHERE m.id = requests.combo_id);
    DELETE FROM request_combos WHERE id NOT IN (SELECT id FROM kept);
    UPDATE request_combos SET key = (SELECT old_key FROM kept WHERE kept.id = request_combos.id), n = (SELECT n FROM kept WHERE kept.id = request_combos.id);
    DROP TABLE merged;
    DROP TABLE kept;
    ALTER TABLE request_combos DROP COLUMN actor_id;
    ALTER TABLE requests DROP COLUMN actor_id;
  `);
}

/** 0028's findings tables: keys and compared values as texts, where 0029 refers to them by id. */
function rewindFindingKeys(db: Db): void {
  const text = (column: string) => `(SELECT value FROM finding_keys WHERE id = ${column})`;
  db.exec(`
    CREATE TABLE finding_hits_texts (
      rule INTEGER NOT NULL, request_id INTEGER NOT NULL, ts INTEGER NOT NULL, key TEXT, detail TEXT,
      PRIMARY KEY (rule, request_id)
    ) WITHOUT ROWID;
    INSERT INTO finding_hits_texts SELECT rule, request_id, ts, ${text("key")}, detail FROM finding_hits;
    DROP TABLE finding_hits;
    ALTER TABLE finding_hits_texts RENAME TO finding_hits;
    CREATE INDEX finding_hits_by_request ON finding_hits(request_id);
    CREATE INDEX finding_hits_by_time ON finding_hits(rule, ts);
    CREATE TABLE rule_matches_texts (
      rule INTEGER NOT NULL, ts INTEGER NOT NULL, request_id INTEGER NOT NULL, step INTEGER NOT NULL,
      key TEXT NOT NULL, distinct_value TEXT, differ_value TEXT,
      PRIMARY KEY (rule, ts, request_id, step)
    ) WITHOUT ROWID;
    INSERT INTO rule_matches_texts
      SELECT rule, ts, request_id, step, ${text("key")}, ${text("distinct_value")}, ${text("differ_value")} FROM rule_matches;
    DROP TABLE rule_matches;
    ALTER TABLE rule_matches_texts RENAME TO rule_matches;
    CREATE INDEX rule_matches_by_request ON rule_matches(request_id);
    DROP TABLE finding_keys;
  `);
}
