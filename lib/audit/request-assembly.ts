import type { Stage } from "./event";
import { EVENT_FLAG, REQUEST_FLAG } from "./request-flags";

/** What assembling a request reads of one of its stage events. */
export type StageFacts = {
  readonly stage: Stage;
  /** stageRank(stage): later stages rank higher. */
  readonly stageRank: number;
  readonly receivedUs: number;
  readonly stageUs: number;
  /** Both requestReceivedTimestamp and stageTimestamp were given. */
  readonly timed: boolean;
  /** The event was converted from a record that dates the request once (a GKE Cloud Logging record). */
  readonly oneTimestamp?: boolean;
};

/**
 * One request summed up from the stage events an API server logged for it. A backend folds each new event
 * in as it arrives, and folds in again the events left when some are deleted, so both give the request a
 * fresh ingest would.
 */
export type MergedRequest<E extends StageFacts = StageFacts> = {
  /** When the API server received the request: the earliest receivedUs of its events. */
  ts: number;
  /** The latest stage's time. */
  endTs: number;
  /** Bit stageRank of each stage seen (stagesFromBits reads it back). */
  stages: number;
  /** stageRank of `best`; -1 before any event. */
  bestStage: number;
  eventCount: number;
  /** REQUEST_FLAG bits. */
  flags: number;
  /**
   * The event whose values the request shows (verb, user, object, code, level, decision, reason, message…),
   * null until a folded-in event takes that place: a backend that loaded a stored request keeps its values
   * while it stays null.
   */
  best: E | null;
};

/** A request none of whose events are folded in yet, holding `flags` (flagsKeptOnReassembly). */
export function unassembled<E extends StageFacts>(flags = 0): MergedRequest<E> {
  return { ts: Infinity, endTs: -Infinity, stages: 0, bestStage: -1, eventCount: 0, flags, best: null };
}

/**
 * Folds one stage event into its request; `eventFlags` are the event's EVENT_FLAG bits (eventFlags()).
 * Runs once per ingested event: it allocates nothing.
 */
export function mergeEvent<E extends StageFacts>(state: MergedRequest<E>, ev: E, eventFlags: number): void {
  state.ts = Math.min(state.ts, ev.receivedUs);
  state.endTs = Math.max(state.endTs, ev.stageUs);
  state.stages |= 1 << ev.stageRank;
  state.eventCount++;
  if (eventFlags & EVENT_FLAG.conflict) state.flags |= REQUEST_FLAG.conflict;
  if (eventFlags & EVENT_FLAG.truncated) state.flags |= REQUEST_FLAG.truncated;
  // RequestReceived's stageTimestamp is its receipt time again: only a later stage times the request.
  if (ev.timed && ev.stage !== "RequestReceived") state.flags |= REQUEST_FLAG.timed;
  if (ev.oneTimestamp) state.flags |= REQUEST_FLAG.oneTimestamp;
  // RequestReceived carries no responseStatus, so the request shows its most complete stage; of two events
  // at one stage (a conflict), the one that arrived last.
  if (ev.stageRank >= state.bestStage) {
    state.bestStage = ev.stageRank;
    state.best = ev;
  }
}
