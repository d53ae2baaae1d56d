/**
 * The effective user: the impersonated user where there is one, else the authenticated one
 * (`kubectl --as=alice` is alice's request, sent by system:admin). It is a virtual column of requests
 * (computed when read: storing it cost 4 bytes a request) and a thirteenth combination column, last, so the Actors breakdown, `actor:` and the actor view are answered
 * from the rollups like the other breakdowns.
 *
 * A combination used to hold impersonated and direct requests of one authenticated user together, so
 * the combinations are made again from requests, as 0007 first made them: each distinct value of the
 * thirteen columns (COMBO_COLUMNS' order and comboKey as they were when this shipped, written out), every
 * request pointed at its own, and the per-minute rollup counted again. The 10-minute rollups do not hold
 * the column and stay as they are. Rewrites every request row once: seconds per million requests.
 */
export const migration0025 = {
  version: 25,
  name: "effective_user",
  sql: `
ALTER TABLE requests ADD COLUMN actor_id INTEGER GENERATED ALWAYS AS (coalesce(imp_user_id, user_id)) VIRTUAL;
ALTER TABLE request_combos ADD COLUMN actor_id INTEGER;

DELETE FROM request_combos;
INSERT INTO request_combos (key, cluster_id, verb_id, user_id, groups_id, source_ip_id, user_agent_id, api_group_id, resource_id, subresource_id, namespace_id, code, decision, actor_id, n)
  SELECT coalesce(r.cluster_id, '') || ',' || coalesce(r.verb_id, '') || ',' || coalesce(r.user_id, '') || ',' || coalesce(r.groups_id, '') || ',' || coalesce(r.source_ip_id, '') || ',' || coalesce(r.user_agent_id, '') || ',' || coalesce(r.api_group_id, '') || ',' || coalesce(r.resource_id, '') || ',' || coalesce(r.subresource_id, '') || ',' || coalesce(r.namespace_id, '') || ',' || coalesce(r.code, '') || ',' || coalesce(r.decision, '') || ',' || coalesce(r.actor_id, ''), cluster_id, verb_id, user_id, groups_id, source_ip_id, user_agent_id, api_group_id, resource_id, subresource_id, namespace_id, code, decision, actor_id, count(*) FROM requests r GROUP BY cluster_id, verb_id, user_id, groups_id, source_ip_id, user_agent_id, api_group_id, resource_id, subresource_id, namespace_id, code, decision, actor_id;
UPDATE requests SET combo_id = (SELECT c.id FROM request_combos c WHERE c.key = coalesce(requests.cluster_id, '') || ',' || coalesce(requests.verb_id, '') || ',' || coalesce(requests.user_id, '') || ',' || coalesce(requests.groups_id, '') || ',' || coalesce(requests.source_ip_id, '') || ',' || coalesce(requests.user_agent_id, '') || ',' || coalesce(requests.api_group_id, '') || ',' || coalesce(requests.resource_id, '') || ',' || coalesce(requests.subresource_id, '') || ',' || coalesce(requests.namespace_id, '') || ',' || coalesce(requests.code, '') || ',' || coalesce(requests.decision, '') || ',' || coalesce(requests.actor_id, ''));

DELETE FROM request_rollup;
INSERT INTO request_rollup (ts, combo_id, n)
  SELECT (ts / 60000000) * 60000000, combo_id, count(*) FROM requests GROUP BY 1, 2;
INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT 'actor', coalesce(request_combos.actor_id, ''), actor_id, NULL, NULL, sum(n) FROM request_combos GROUP BY actor_id;
`,
};
