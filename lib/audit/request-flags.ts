/**
 * Bits of a stage event's flags, as the request keeps them with each event. `conflict`: an earlier event
 * of the same request and stage had other content (an API server logs a stage once, so one of them was
 * altered or relabelled). `truncated`: the API server cut the event short (audit.k8s.io/truncated).
 */
export const EVENT_FLAG = { conflict: 1, truncated: 2 } as const;

/**
 * Bits of a request's flags; the query language names them (`flag:`), so they live here rather than with
 * a backend. `timed`: a later stage carried both timestamps (latency.ts). `oneTimestamp`: its event was
 * converted from a GKE Cloud Logging record, which dates the request once (no latency to measure). `future`: the request is dated
 * more than FUTURE_SLACK_US after Auditlens received it — a skewed clock or a forged timestamp. Relative
 * ranges leave such requests out of "the newest event" they count back from.
 */
export const REQUEST_FLAG = { conflict: 1, truncated: 2, timed: 4, future: 8, oneTimestamp: 16 } as const;

/** How far past the time of ingest an event may be dated before it counts as from the future. */
export const FUTURE_SLACK_US = 24 * 3600e6;

/** A new stage event's flags; `conflicts` when the request already holds other content at its stage. */
export function eventFlags(conflicts: boolean, truncated: boolean): number {
  return (conflicts ? EVENT_FLAG.conflict : 0) | (truncated ? EVENT_FLAG.truncated : 0);
}

/**
 * The request's flags once it is stored at `nowUs`. Sticky: `future` says how the request was dated
 * against the time it first arrived, which later stages, arriving later, do not change.
 */
export function datedFlags(flags: number, tsUs: number, nowUs: number): number {
  return tsUs > nowUs + FUTURE_SLACK_US ? flags | REQUEST_FLAG.future : flags;
}

/**
 * The flags a request re-assembled from some of its events starts from: its events give back every other
 * flag, but not how it was dated when it arrived.
 */
export function flagsKeptOnReassembly(flags: number): number {
  return flags & REQUEST_FLAG.future;
}
