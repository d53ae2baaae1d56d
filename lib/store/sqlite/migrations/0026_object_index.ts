/**
 * An object's history (history.ts) found its requests through the free-text index (every request whose
 * URI or name holds the name's words), then checked each: ~50 ms at 1M requests before a single version
 * was read. This index holds (resource, namespace, the name's last 8 characters, time) of every request
 * that names an object, so a page of one object's requests, newest or oldest first from any point, is one
 * range of it. The last characters rather than the whole name: they tell names apart (generated
 * suffixes; in the bench's 1M requests, 10 567 objects have 10 312 distinct tails), and the index is
 * 20 MB there when built at once against 30 MB for whole names, with the store at 28.7% of the log against
 * a budget of 30%. Names it cannot tell apart only cost a check of their rows. The query repeats the
 * expression and the `name` condition: SQLite uses an expression index, and a partial one, only when the
 * WHERE does.
 */
export const migration0026 = {
  version: 26,
  name: "object_index",
  sql: `
CREATE INDEX requests_by_object ON requests(resource_id, namespace_id, substr(name, -8), ts) WHERE name IS NOT NULL;
`,
};
