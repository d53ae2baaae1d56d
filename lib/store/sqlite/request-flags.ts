/**
 * Bits of requests.flags (pure, so the query compiler can name them without importing the writer).
 * `future`: the request is dated more than FUTURE_SLACK_US after Auditlens received it — a skewed clock
 * or a forged timestamp. Relative ranges leave such requests out of "the newest event" they count back from.
 */
export const REQUEST_FLAG = { conflict: 1, truncated: 2, timed: 4, future: 8 } as const;

/** How far past the time of ingest an event may be dated before it counts as from the future. */
export const FUTURE_SLACK_US = 24 * 3600e6;
