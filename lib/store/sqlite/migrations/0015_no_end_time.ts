/**
 * requests.end_ts goes: the request's last stage time is its latest stage event's (requests.events), and
 * where a latency is known it is ts + latency_us. Eight bytes a request, rewritten once.
 */
export const migration0015 = {
  version: 15,
  name: "no_end_time",
  sql: `ALTER TABLE requests DROP COLUMN end_ts;`,
};
