/**
 * Findings take less room (issue #21's store budget). A correlation's key, distinct and differ values are
 * JSON texts of a few fields (cluster, user, IP, agent…) repeated on every match and correlated hit: on
 * the bench's 1M requests `rule_matches` held 31 000 rows of ~90-byte keys with 462 distinct ones. They
 * are kept once in `finding_keys` and referenced by id. `finding_hits` is keyed on (rule, ts, request_id),
 * the order a rule's hits are read in, and a unique index on (request_id, rule) finds a request's hits and
 * keeps one hit per rule and request: two b-trees where there were three. Together the findings tables
 * went from 8.3 MB to 3.4 MB there.
 */
export const migration0029 = {
  version: 29,
  name: "finding_keys",
  sql: `
CREATE TABLE finding_keys (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);
INSERT OR IGNORE INTO finding_keys (value)
  SELECT key FROM rule_matches
  UNION SELECT distinct_value FROM rule_matches WHERE distinct_value IS NOT NULL
  UNION SELECT differ_value FROM rule_matches WHERE differ_value IS NOT NULL
  UNION SELECT key FROM finding_hits WHERE key IS NOT NULL;

CREATE TABLE finding_hits_keyed (
  rule INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  request_id INTEGER NOT NULL,
  key INTEGER,
  detail TEXT,
  PRIMARY KEY (rule, ts, request_id)
) WITHOUT ROWID;
INSERT INTO finding_hits_keyed (rule, ts, request_id, key, detail)
  SELECT h.rule, h.ts, h.request_id, k.id, h.detail FROM finding_hits h LEFT JOIN finding_keys k ON k.value = h.key;
DROP TABLE finding_hits;
ALTER TABLE finding_hits_keyed RENAME TO finding_hits;
CREATE UNIQUE INDEX finding_hits_by_request ON finding_hits(request_id, rule);

CREATE TABLE rule_matches_keyed (
  rule INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  request_id INTEGER NOT NULL,
  step INTEGER NOT NULL,
  key INTEGER NOT NULL,
  distinct_value INTEGER,
  differ_value INTEGER,
  PRIMARY KEY (rule, ts, request_id, step)
) WITHOUT ROWID;
INSERT INTO rule_matches_keyed (rule, ts, request_id, step, key, distinct_value, differ_value)
  SELECT m.rule, m.ts, m.request_id, m.step, k.id, d.id, f.id FROM rule_matches m
  JOIN finding_keys k ON k.value = m.key
  LEFT JOIN finding_keys d ON d.value = m.distinct_value
  LEFT JOIN finding_keys f ON f.value = m.differ_value;
DROP TABLE rule_matches;
ALTER TABLE rule_matches_keyed RENAME TO rule_matches;
CREATE INDEX rule_matches_by_request ON rule_matches(request_id);
`,
};
