import "server-only";
import { stageBit } from "@/lib/audit/stages";
import type { NormalizedEvent } from "@/lib/ingest/normalize";
import { COMBO_COLUMNS, type ComboValues } from "./combos";
import type { Db } from "./db";
import { REQUEST_FLAG } from "./request-flags";
import { dictionaryOf } from "./strings";

export const EVENT_FLAG = { conflict: 1, truncated: 2 } as const;

const RECEIVED_ONLY = stageBit("RequestReceived");

/**
 * What a request row sums up from its stage events. The writer folds each new event in; deleting a run
 * folds in the events other runs left (delete-requests.ts), so both give the row a fresh ingest would.
 */
export type MergedRequest = {
  ts: number;
  endTs: number;
  stages: number;
  bestStage: number;
  eventCount: number;
  flags: number;
  /** The event whose descriptive fields the row should show, when the events folded in change them. */
  best: NormalizedEvent | null;
};

export function mergeEvent(state: MergedRequest, ev: NormalizedEvent, eventFlags: number): void {
  state.ts = Math.min(state.ts, ev.receivedUs);
  state.endTs = Math.max(state.endTs, ev.stageUs);
  state.stages |= 1 << ev.stageRank;
  state.eventCount++;
  if (eventFlags & EVENT_FLAG.conflict) state.flags |= REQUEST_FLAG.conflict;
  if (eventFlags & EVENT_FLAG.truncated) state.flags |= REQUEST_FLAG.truncated;
  if (ev.timed && ev.stage !== "RequestReceived") state.flags |= REQUEST_FLAG.timed;
  // RequestReceived carries no responseStatus, so the request shows its most complete stage.
  if (ev.stageRank >= state.bestStage) {
    state.bestStage = ev.stageRank;
    state.best = ev;
  }
}

/**
 * Known when a later stage carried both timestamps, or when RequestReceived and a later stage were both
 * seen; a lone v1beta1 event (one whole-second `timestamp`) has no latency to show.
 */
export function latencyOf(s: MergedRequest): number | null {
  const spansStages = (s.stages & RECEIVED_ONLY) !== 0 && s.stages !== RECEIVED_ONLY;
  return spansStages || (s.flags & REQUEST_FLAG.timed) !== 0 ? s.endTs - s.ts : null;
}

/** Columns that come from the request's most complete stage event. */
export const DESCRIPTIVE_COLUMNS = [
  "level", "verb_id", "user_id", "groups_id", "imp_user_id", "source_ip_id", "user_agent_id", "api_group_id",
  "api_version_id", "resource_id", "subresource_id", "namespace_id", "name", "uri", "code", "decision", "reason_id", "message",
] as const;

export const DESCRIPTIVE_INDEX = Object.fromEntries(DESCRIPTIVE_COLUMNS.map((c, i) => [c, i])) as Record<
  Exclude<(typeof COMBO_COLUMNS)[number], "cluster_id">,
  number
>;

/** Values for DESCRIPTIVE_COLUMNS, in that order, strings put in the dictionary. */
export function descriptiveValues(db: Db, b: NormalizedEvent): (string | number | null)[] {
  const dict = dictionaryOf(db);
  return [
    b.level,
    dict.id(b.verb),
    dict.id(b.user),
    dict.id(b.groups),
    dict.id(b.impersonatedUser),
    dict.id(b.sourceIP),
    dict.id(b.userAgent),
    dict.id(b.apiGroup),
    dict.id(b.apiVersion),
    dict.id(b.resource),
    dict.id(b.subresource),
    dict.id(b.namespace),
    b.name,
    b.uri,
    b.code,
    b.decision,
    dict.id(b.reason),
    b.message,
  ];
}

/** COMBO_COLUMNS' values, in that order, from the descriptive values. */
export function comboValuesOf(clusterId: number, d: (string | number | null)[]): ComboValues {
  return COMBO_COLUMNS.map((c) => (c === "cluster_id" ? clusterId : (d[DESCRIPTIVE_INDEX[c]] as number | null)));
}
