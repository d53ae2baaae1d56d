/**
 * Findings (issue #21): the requests each detection rule found, kept as requests are stored.
 *
 * finding_rules gives each rule id (its YAML `id`) a small integer once, so the hit and match tables key
 * on integers. finding_hits is the answer: one row per (rule, request) with the request's time, so a
 * rule's hits in a time range are one range of (rule, ts), and a request's rules one lookup by request_id.
 * rule_matches keeps what correlation rules (threshold, sequence) are judged on: every request matching a
 * step, with the values the correlation compares, so that a batch recomputes only the time ranges its
 * requests moved, from stored matches, without evaluating any other request again.
 *
 * store_settings `findings_fingerprint` is the fingerprint of the rule set the stored findings were
 * computed with ("" when the requests stored before this migration were never evaluated, or when rule
 * sets were mixed); no row while the store has held no request. `findings_computed_at` (µs since the epoch) is when
 * that rule set was first applied to every stored request.
 */
export const migration0028 = {
  version: 28,
  name: "findings",
  sql: `
CREATE TABLE finding_rules (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE finding_hits (
  rule INTEGER NOT NULL,
  request_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  key TEXT,
  detail TEXT,
  PRIMARY KEY (rule, request_id)
) WITHOUT ROWID;
CREATE INDEX finding_hits_by_request ON finding_hits(request_id);
CREATE INDEX finding_hits_by_time ON finding_hits(rule, ts);
CREATE TABLE rule_matches (
  rule INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  request_id INTEGER NOT NULL,
  step INTEGER NOT NULL,
  key TEXT NOT NULL,
  distinct_value TEXT,
  differ_value TEXT,
  PRIMARY KEY (rule, ts, request_id, step)
) WITHOUT ROWID;
CREATE INDEX rule_matches_by_request ON rule_matches(request_id);
INSERT INTO store_settings (name, value) SELECT 'findings_fingerprint', '' WHERE EXISTS (SELECT 1 FROM requests);
`,
};
