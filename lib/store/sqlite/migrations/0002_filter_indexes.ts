/**
 * The dashboard's filters pick one value of a dimension and list newest first: (dimension, ts) serves
 * both the count and the keyset page without touching rows that do not match.
 */
export const migration0002 = {
  version: 2,
  name: "filter_indexes",
  sql: `
CREATE INDEX requests_by_user ON requests(user_id, ts);
CREATE INDEX requests_by_verb ON requests(verb_id, ts);
CREATE INDEX requests_by_resource ON requests(resource_id, ts);
CREATE INDEX requests_by_namespace ON requests(namespace_id, ts);
CREATE INDEX requests_by_code ON requests(code, ts);
`,
};
