/**
 * Latency is known only when a stage after RequestReceived carried both requestReceivedTimestamp and
 * stageTimestamp (flag bit 4, "timed"). Stores written before measured v1beta1 requests from the
 * whole-second `timestamp` of their RequestReceived and ResponseComplete events (0 for nearly all), and
 * GKE Cloud Logging records, converted with one timestamp for both, as 0. Both become unknown (NULL),
 * recomputed from what each row holds; the stored events are left as they are. A converted GKE record is
 * the one way a lone, timed ResponseComplete got exactly 0 µs (an API server's microsecond timestamps
 * never give a completed request 0): it gets bit 16 ("one timestamp", which says why) instead of bit 4,
 * as ingest now gives it. Its cluster stays the one it was ingested under.
 */
export const migration0027 = {
  version: 27,
  name: "unknown_latency",
  sql: `
UPDATE requests SET latency_us = NULL, flags = (flags & ~4) | 16
  WHERE latency_us = 0 AND stages = 4 AND (flags & 4) != 0;
UPDATE requests SET latency_us = NULL
  WHERE latency_us IS NOT NULL AND (flags & 4) = 0;
`,
};
