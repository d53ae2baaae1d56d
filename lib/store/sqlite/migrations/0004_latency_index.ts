/**
 * "Slowest first" pages the requests on (latency_us, id). Without an index SQLite reads and sorts every
 * matching request for each page (EXPLAIN QUERY PLAN: SCAN r + USE TEMP B-TREE FOR ORDER BY); with it, a
 * page walks the index backwards from the cursor and stops after one page. NULL latencies sort first in
 * the index, so the "unknown latency" tail is a seek on latency_us IS NULL.
 */
export const migration0004 = {
  version: 4,
  name: "latency_index",
  sql: `
CREATE INDEX requests_by_latency ON requests(latency_us, id);
`,
};
