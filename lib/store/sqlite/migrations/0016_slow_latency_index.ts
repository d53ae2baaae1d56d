/**
 * requests_by_latency indexed every request, and latencies are random: at 1M requests each batch's
 * commit rewrote nearly every page of it, ~10 s of a 65 s ingest. "Slowest first" reads the top of the
 * order, where the slow requests are, so only they are indexed now: those of a second or more (the
 * upstream SLO for a non-streaming call; watches and slow lists, ~8% of the bench's requests). Pages
 * past them sort the faster requests that match (requests.ts, latencyPage). The bound is a literal in
 * the queries too: SQLite uses a partial index only when the query's WHERE repeats its condition.
 */
export const migration0016 = {
  version: 16,
  name: "slow_latency_index",
  sql: `
DROP INDEX IF EXISTS requests_by_latency;
CREATE INDEX requests_by_slow_latency ON requests(latency_us, id) WHERE latency_us >= 1000000;
`,
};
