import { REQUEST_FLAG } from "./request-flags";
import { stageBit } from "./stages";

const RECEIVED_ONLY = stageBit("RequestReceived");

/**
 * A request's latency: its latest stage's time less the time the API server received it (MergedRequest's
 * endTs and ts). Known when a later stage carried both timestamps (REQUEST_FLAG.timed), or when
 * RequestReceived and a later stage were both seen; a lone v1beta1 event (one whole-second `timestamp`)
 * has no latency to show. Primitive arguments: the writer calls it once per request it saves.
 */
export function latencyUs(stages: number, flags: number, receivedUs: number, lastStageUs: number): number | null {
  const spansStages = (stages & RECEIVED_ONLY) !== 0 && stages !== RECEIVED_ONLY;
  return spansStages || (flags & REQUEST_FLAG.timed) !== 0 ? lastStageUs - receivedUs : null;
}
