/**
 * One index on (combo_id, ts) replaces the per-column (verb, resource, namespace, code) indexes: any
 * filter on breakdown columns reaches its requests through the combinations it matches (selection.ts
 * decides when that beats walking the time index). Per-user stays: the actor view, sessions and related
 * requests all read one user's requests in time order. Four fewer indexes to update on every insert.
 */
export const migration0008 = {
  version: 8,
  name: "combo_index",
  sql: `
DROP INDEX requests_by_verb;
DROP INDEX requests_by_resource;
DROP INDEX requests_by_namespace;
DROP INDEX requests_by_code;
CREATE INDEX requests_by_combo ON requests(combo_id, ts);
`,
};
