/**
 * What the unfiltered dashboard reads (combos.ts): each breakdown's all-time counts, keyed by the
 * breakdown and comboKey of its values, and the chart's thinnest rollup. The breakdowns, their columns
 * and keys are FACET_COLUMNS and comboKeySql as they were when this shipped, written out, like 0007's.
 */
export const migration0011 = {
  version: 11,
  name: "dashboard_totals",
  sql: `
CREATE TABLE request_facet_counts (
  facet TEXT NOT NULL,
  key TEXT NOT NULL,
  a INTEGER,
  b INTEGER,
  c INTEGER,
  n INTEGER NOT NULL,
  PRIMARY KEY (facet, key)
) WITHOUT ROWID;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'user', coalesce(request_combos.user_id, ''), user_id, NULL, NULL, sum(n) FROM request_combos GROUP BY user_id;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'group', coalesce(request_combos.groups_id, ''), groups_id, NULL, NULL, sum(n) FROM request_combos GROUP BY groups_id;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'verb', coalesce(request_combos.verb_id, ''), verb_id, NULL, NULL, sum(n) FROM request_combos GROUP BY verb_id;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'resource', coalesce(request_combos.api_group_id, '') || ',' || coalesce(request_combos.resource_id, '') || ',' || coalesce(request_combos.subresource_id, ''), api_group_id, resource_id, subresource_id, sum(n) FROM request_combos GROUP BY api_group_id, resource_id, subresource_id;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'namespace', coalesce(request_combos.namespace_id, ''), namespace_id, NULL, NULL, sum(n) FROM request_combos GROUP BY namespace_id;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'code', coalesce(request_combos.code, ''), code, NULL, NULL, sum(n) FROM request_combos GROUP BY code;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'userAgent', coalesce(request_combos.user_agent_id, ''), user_agent_id, NULL, NULL, sum(n) FROM request_combos GROUP BY user_agent_id;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'sourceIP', coalesce(request_combos.source_ip_id, ''), source_ip_id, NULL, NULL, sum(n) FROM request_combos GROUP BY source_ip_id;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'decision', coalesce(request_combos.decision, ''), decision, NULL, NULL, sum(n) FROM request_combos GROUP BY decision;
CREATE TABLE request_bars (
  ts INTEGER NOT NULL,
  verb_id INTEGER,
  code INTEGER,
  n INTEGER NOT NULL
);
CREATE INDEX request_bars_by_key ON request_bars(ts, verb_id, code);
INSERT INTO request_bars (ts, verb_id, code, n)
  SELECT (ts / 600000000) * 600000000, verb_id, code, count(*) FROM requests GROUP BY 1, 2, 3;
`,
};
