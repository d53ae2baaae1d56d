/**
 * Rollups for the dashboard (see combos.ts): every request points at its combination of breakdown
 * columns; request_combos counts requests per combination over all time and request_rollup per minute.
 * An unbounded dashboard then sums a few thousand combinations instead of scanning every request, and a
 * time range sums the minutes it covers whole, reading only its partial first and last minute from
 * requests. The writer keeps both in step with requests, batch by batch.
 *
 * The columns, the combination key and the minute are COMBO_COLUMNS, comboKeySql and ROLLUP_BUCKET_US as
 * they were when this shipped, written out: changing those later changes what the writer stores, not
 * what this migration created, and needs a migration of its own.
 */
export const migration0007 = {
  version: 7,
  name: "rollups",
  sql: `
CREATE TABLE request_combos (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  cluster_id INTEGER,
  verb_id INTEGER,
  user_id INTEGER,
  groups_id INTEGER,
  source_ip_id INTEGER,
  user_agent_id INTEGER,
  api_group_id INTEGER,
  resource_id INTEGER,
  subresource_id INTEGER,
  namespace_id INTEGER,
  code INTEGER,
  decision INTEGER,
  n INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE request_rollup (
  ts INTEGER NOT NULL,
  combo_id INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (ts, combo_id)
) WITHOUT ROWID;
ALTER TABLE requests ADD COLUMN combo_id INTEGER;

INSERT INTO request_combos (key, cluster_id, verb_id, user_id, groups_id, source_ip_id, user_agent_id, api_group_id, resource_id, subresource_id, namespace_id, code, decision, n)
  SELECT coalesce(r.cluster_id, '') || ',' || coalesce(r.verb_id, '') || ',' || coalesce(r.user_id, '') || ',' || coalesce(r.groups_id, '') || ',' || coalesce(r.source_ip_id, '') || ',' || coalesce(r.user_agent_id, '') || ',' || coalesce(r.api_group_id, '') || ',' || coalesce(r.resource_id, '') || ',' || coalesce(r.subresource_id, '') || ',' || coalesce(r.namespace_id, '') || ',' || coalesce(r.code, '') || ',' || coalesce(r.decision, ''), cluster_id, verb_id, user_id, groups_id, source_ip_id, user_agent_id, api_group_id, resource_id, subresource_id, namespace_id, code, decision, count(*) FROM requests r GROUP BY cluster_id, verb_id, user_id, groups_id, source_ip_id, user_agent_id, api_group_id, resource_id, subresource_id, namespace_id, code, decision;
UPDATE requests SET combo_id = (SELECT c.id FROM request_combos c WHERE c.key = coalesce(requests.cluster_id, '') || ',' || coalesce(requests.verb_id, '') || ',' || coalesce(requests.user_id, '') || ',' || coalesce(requests.groups_id, '') || ',' || coalesce(requests.source_ip_id, '') || ',' || coalesce(requests.user_agent_id, '') || ',' || coalesce(requests.api_group_id, '') || ',' || coalesce(requests.resource_id, '') || ',' || coalesce(requests.subresource_id, '') || ',' || coalesce(requests.namespace_id, '') || ',' || coalesce(requests.code, '') || ',' || coalesce(requests.decision, ''));
INSERT INTO request_rollup (ts, combo_id, n)
  SELECT (ts / 60000000) * 60000000, combo_id, count(*) FROM requests GROUP BY 1, 2;
`,
};
