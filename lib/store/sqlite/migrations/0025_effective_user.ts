/**
 * The effective user: the impersonated user where there is one, else the authenticated one
 * (`kubectl --as=alice` is alice's request, sent by system:admin). It is stored per request and as a
 * thirteenth combination column, last, so the Actors breakdown, `actor:` and the actor view are answered
 * from the rollups like the other breakdowns.
 *
 * A combination used to hold impersonated and direct requests of one authenticated user together, so
 * every combination is split by the new column: each (old combination, effective user) becomes one
 * combination whose key is the old key with the effective user appended (COMBO_COLUMNS' order and
 * comboKey as they were when this shipped, written out), requests point at their new combination, and
 * the per-minute rollup is counted again from requests. The 10-minute rollups do not hold the column
 * and stay as they are. Rewrites every request row once: seconds per million requests.
 */
export const migration0025 = {
  version: 25,
  name: "effective_user",
  sql: `
ALTER TABLE requests ADD COLUMN actor_id INTEGER;
ALTER TABLE request_combos ADD COLUMN actor_id INTEGER;
UPDATE requests SET actor_id = coalesce(imp_user_id, user_id);

CREATE TEMP TABLE old_combos AS SELECT id, key FROM request_combos;
CREATE UNIQUE INDEX temp.old_combos_by_id ON old_combos(id);
INSERT INTO request_combos (key, cluster_id, verb_id, user_id, groups_id, source_ip_id, user_agent_id, api_group_id, resource_id, subresource_id, namespace_id, code, decision, actor_id, n)
  SELECT o.key || ',' || coalesce(r.actor_id, ''), c.cluster_id, c.verb_id, c.user_id, c.groups_id, c.source_ip_id, c.user_agent_id, c.api_group_id, c.resource_id, c.subresource_id, c.namespace_id, c.code, c.decision, r.actor_id, count(*)
  FROM requests r JOIN old_combos o ON o.id = r.combo_id JOIN request_combos c ON c.id = r.combo_id
  GROUP BY r.combo_id, r.actor_id;
UPDATE requests SET combo_id = (
  SELECT c.id FROM request_combos c
  WHERE c.key = (SELECT o.key FROM old_combos o WHERE o.id = requests.combo_id) || ',' || coalesce(requests.actor_id, '')
);
DELETE FROM request_combos WHERE id IN (SELECT id FROM old_combos);
DROP TABLE old_combos;

DELETE FROM request_rollup;
INSERT INTO request_rollup (ts, combo_id, n)
  SELECT (ts / 60000000) * 60000000, combo_id, count(*) FROM requests GROUP BY 1, 2;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'actor', coalesce(request_combos.actor_id, ''), actor_id, NULL, NULL, sum(n) FROM request_combos GROUP BY actor_id;
`,
};
