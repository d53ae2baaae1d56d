import {
  DECISION_ANNOTATION,
  REASON_ANNOTATION,
  TRUNCATED_ANNOTATION,
  type AuditEvent,
  type Stage,
} from "@/lib/audit/event";
import { CONVERTED_ANNOTATION, GKE_CLUSTER_ANNOTATION } from "@/lib/audit/gke-record";
import { redactStoredText } from "@/lib/audit/raw-event";
import { mayRedact, redactEvent } from "@/lib/audit/redact";
import { levelRank, stageRank } from "@/lib/audit/stages";
import type { PackedRaw } from "@/lib/store/raw-blocks";
import { contentHash } from "./content-hash";
import { parseMicros } from "@/lib/time/micros";

/**
 * The columns Auditlens extracts from one stage event, plus the event as received. Read-only: events
 * decoded from a parse worker's message are views of its columns (wire.ts).
 */
export type NormalizedEvent = Readonly<{
  auditID: string;
  stage: Stage;
  stageRank: number;
  level: number;
  receivedUs: number;
  stageUs: number;
  verb: string;
  user: string | null;
  groups: string | null;
  impersonatedUser: string | null;
  sourceIP: string | null;
  userAgent: string | null;
  apiGroup: string | null;
  apiVersion: string | null;
  resource: string | null;
  subresource: string | null;
  namespace: string | null;
  name: string | null;
  uri: string;
  code: number | null;
  decision: number | null;
  reason: string | null;
  message: string | null;
  truncated: boolean;
  /** Both requestReceivedTimestamp and stageTimestamp were given (v1beta1's lone `timestamp` times nothing). */
  timed: boolean;
  /** Converted from a GKE Cloud Logging record, whose one timestamp times nothing. */
  oneTimestamp: boolean;
  /** The cluster the record names (a GKE record's cluster_name): the request's, unless the user named one. */
  cluster: string | null;
  /** receivedUs is requestReceivedTimestamp, the same on every stage of the request (not a stage's own `timestamp`). */
  hasReceivedTimestamp: boolean;
  /** The event as received (as redacted, when it held credentials): its text, or where the parse worker packed its bytes. */
  raw: string | PackedRaw;
  /** contentHash of the stored text: exact in a double, and only compared within one (request, stage). */
  hash: number;
}>;

export const DECISION = { allow: 1, forbid: 2 } as const;

/**
 * Whether and how events are redacted before they are stored (lib/audit/redact.ts): under the store's
 * salt, or not at all (AUDITLENS_REDACT=off). Plain data, so it can be posted to a parse worker.
 */
export type Redaction = { salt: string } | null;

const orNull = (s: string | undefined | null): string | null => (s === undefined || s === null || s === "" ? null : s);

export type Normalizer = (event: AuditEvent, raw: string) => NormalizedEvent | string;

/**
 * Returns the normalized event, or a reason it cannot be stored. With a redaction, an event that holds
 * credentials is stored re-serialized with markers in their place; any other keeps its text as received.
 * `hashed: false` leaves the hash NaN (which equals no stored hash), for the parse worker, which hashes
 * the UTF-8 bytes it packs anyway (wire.ts) rather than encoding the text a second time.
 */
export function normalizeEvent(event: AuditEvent, raw: string, redaction: Redaction = null, hashed = true): NormalizedEvent | string {
  let stored = event;
  let text = raw;
  if (redaction !== null && event.annotations?.[CONVERTED_ANNOTATION] !== undefined) {
    // `raw` is the GKE record the event was converted from: it is what gets stored, so it is what is redacted.
    const redacted = redactStoredText(raw, redaction.salt);
    if (redacted !== null) {
      stored = redacted.event as AuditEvent;
      text = redacted.text;
    }
  } else if (redaction !== null && mayRedact(event, raw)) {
    const redacted = redactEvent(event, redaction.salt) as AuditEvent | null;
    if (redacted !== null) {
      stored = redacted;
      text = JSON.stringify(redacted);
    }
  }
  return describeEvent(stored, text, hashed ? contentHash(text) : NaN);
}

export function normalizerFor(redaction: Redaction, hashed = true): Normalizer {
  return (event, raw) => normalizeEvent(event, raw, redaction, hashed);
}

// As clusterNameSchema (options.ts) takes a name the user types.
const CLUSTER_NAME = /^[^\s,\p{Cc}]{1,100}$/u;
const clusterName = (name: string | undefined): string | null => (name !== undefined && CLUSTER_NAME.test(name) ? name : null);

function describeEvent(event: AuditEvent, raw: string, hash: number): NormalizedEvent | string {
  // v1beta1 events (and relabelled copies) have only `timestamp`, in whole seconds.
  const receivedText = event.requestReceivedTimestamp ?? event.timestamp ?? event.stageTimestamp!;
  const stageText = event.stageTimestamp ?? event.timestamp ?? receivedText;
  const receivedUs = parseMicros(receivedText);
  const stageUs = parseMicros(stageText);
  if (Number.isNaN(receivedUs)) return `invalid timestamp "${receivedText.slice(0, 40)}"`;
  if (Number.isNaN(stageUs)) return `invalid timestamp "${stageText.slice(0, 40)}"`;

  const ref = event.objectRef ?? undefined;
  const annotations = event.annotations ?? undefined;
  const decisionText = annotations?.[DECISION_ANNOTATION];
  const converted = annotations?.[CONVERTED_ANNOTATION] !== undefined;
  const groups = event.user.groups;
  return {
    auditID: event.auditID,
    stage: event.stage,
    stageRank: stageRank(event.stage),
    level: levelRank(event.level),
    receivedUs,
    stageUs,
    verb: event.verb,
    user: orNull(event.user.username),
    groups: groups && groups.length > 0 ? JSON.stringify(groups) : null,
    impersonatedUser: orNull(event.impersonatedUser?.username),
    sourceIP: orNull(event.sourceIPs?.[0]),
    userAgent: orNull(event.userAgent),
    // An objectRef without apiGroup is the core group; keep "" so that "core" is filterable.
    apiGroup: ref ? (ref.apiGroup ?? "") : null,
    apiVersion: orNull(ref?.apiVersion),
    resource: orNull(ref?.resource),
    subresource: orNull(ref?.subresource),
    namespace: orNull(ref?.namespace),
    name: orNull(ref?.name),
    uri: event.requestURI,
    code: event.responseStatus?.code ?? null,
    decision: decisionText === "allow" ? DECISION.allow : decisionText === "forbid" ? DECISION.forbid : null,
    reason: orNull(annotations?.[REASON_ANNOTATION]),
    message: orNull(event.responseStatus?.message),
    truncated: annotations?.[TRUNCATED_ANNOTATION] !== undefined,
    timed: !converted && event.requestReceivedTimestamp !== undefined && event.stageTimestamp !== undefined,
    oneTimestamp: converted,
    cluster: converted ? clusterName(annotations?.[GKE_CLUSTER_ANNOTATION]) : null,
    hasReceivedTimestamp: event.requestReceivedTimestamp !== undefined,
    raw,
    hash,
  };
}
