import { REQUEST_FLAG } from "./request-flags";
import { stageBit } from "./stages";

const RECEIVED_ONLY = stageBit("RequestReceived");

/**
 * A request's latency: its latest stage's time less the time the API server received it (MergedRequest's
 * endTs and ts). Known only when a stage after RequestReceived carried both timestamps
 * (REQUEST_FLAG.timed): v1beta1 events (and relabelled copies) have one whole-second `timestamp` per
 * stage, so a difference of two of them says 0 for nearly every request, and a GKE Cloud Logging record
 * has one timestamp for its one stage. Unknown is null, never 0: it sorts last and stays out of latency
 * filters and statistics. Primitive arguments: the writer calls it once per request it saves.
 */
export function latencyUs(flags: number, receivedUs: number, lastStageUs: number): number | null {
  return (flags & REQUEST_FLAG.timed) !== 0 ? lastStageUs - receivedUs : null;
}

/** Why a request's latency is unknown (null when it is known). */
export type LatencyUnknown = "received-only" | "one-timestamp" | "whole-seconds";

export function latencyUnknown(latency: number | null, stages: number, flags: number): LatencyUnknown | null {
  if (latency !== null) return null;
  if (stages === RECEIVED_ONLY) return "received-only";
  return (flags & REQUEST_FLAG.oneTimestamp) !== 0 ? "one-timestamp" : "whole-seconds";
}

/** The sentence a "—" in a latency column shows on hover. */
export const LATENCY_UNKNOWN_REASON: Readonly<Record<LatencyUnknown, string>> = {
  "received-only": "Latency unknown: only RequestReceived was logged, not the response",
  "one-timestamp": "Latency unknown: a GKE Cloud Logging record has one stage and one timestamp",
  "whole-seconds": "Latency unknown: v1beta1 events carry only a whole-second timestamp",
};
