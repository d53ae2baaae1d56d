/**
 * An object's history (history.ts) found its requests through the free-text index (every request whose
 * URI or name holds the name's words), then checked each: ~50 ms at 1M requests before a single version was read.
 * This index holds (resource, namespace, the name's last 12 characters, time) of every request that names
 * an object, so a page of one object's requests, newest or oldest first from any point, is one range of
 * it. The last characters rather than the whole name: they tell names apart (generated suffixes; in the
 * bench's 1M requests, 10 567 objects share 10 355 tails), and the index is 22 MB there instead of 30 MB,
 * against a store budget of 30% of the log that the store was already at 28.7% of.
 * Names it cannot tell apart only cost a check of the row. The query repeats the expression and the
 * `name` condition: SQLite uses an expression and a partial index only when the WHERE does.
 */
export const migration0026 = {
  version: 26,
  name: "object_index",
  sql: `
CREATE INDEX requests_by_object ON requests(resource_id, namespace_id, substr(name, -12), ts) WHERE name IS NOT NULL;
`,
};
