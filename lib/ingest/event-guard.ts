import "server-only";
import { LEVELS, STAGES, type AuditEvent } from "@/lib/audit/event";

/**
 * A hand-written mirror of `auditEventSchema` for the ingest fast path. zod's safeParse copies every
 * nested object and costs about as much as the JSON.parse before it, which halves throughput on
 * million-line logs. This check only ever says "valid" for values the schema accepts (the input object
 * then *is* the event, uncopied); whenever it says no, the caller runs the schema itself, which stays
 * the authority and writes the reason. tests/unit/ingest/event-guard.test.ts fails when the schema
 * gains a field this file does not know, or when the two disagree on a corpus of mutated events.
 */
export function isAuditEvent(value: unknown): value is AuditEvent {
  if (!isRecord(value)) return false;
  const e = value;
  return (
    (e.kind === undefined || e.kind === "Event") &&
    (e.apiVersion === undefined || (typeof e.apiVersion === "string" && e.apiVersion.startsWith("audit.k8s.io/"))) &&
    LEVEL_SET.has(e.level) &&
    typeof e.auditID === "string" && e.auditID.length > 0 &&
    STAGE_SET.has(e.stage) &&
    typeof e.requestURI === "string" &&
    typeof e.verb === "string" && e.verb.length > 0 &&
    isUserInfo(e.user) &&
    (e.impersonatedUser == null || isUserInfo(e.impersonatedUser)) &&
    (e.sourceIPs == null || isStringArray(e.sourceIPs)) &&
    optionalString(e.userAgent) &&
    (e.objectRef == null || isObjectRef(e.objectRef)) &&
    (e.responseStatus == null || isResponseStatus(e.responseStatus)) &&
    optionalString(e.requestReceivedTimestamp) &&
    optionalString(e.stageTimestamp) &&
    optionalString(e.timestamp) &&
    (e.annotations == null || isStringRecord(e.annotations)) &&
    // Same expression as the schema's refine: an empty first timestamp does not fall through.
    Boolean(e.requestReceivedTimestamp ?? e.stageTimestamp ?? e.timestamp)
  );
}

/** Keys the guard checks, per object; the drift test compares them with the schema's shapes. */
export const GUARDED_KEYS = {
  event: [
    "kind", "apiVersion", "level", "auditID", "stage", "requestURI", "verb", "user", "impersonatedUser",
    "sourceIPs", "userAgent", "objectRef", "responseStatus", "requestReceivedTimestamp", "stageTimestamp",
    "timestamp", "annotations",
  ],
  user: ["username", "uid", "groups", "extra"],
  objectRef: ["resource", "namespace", "name", "uid", "apiGroup", "apiVersion", "resourceVersion", "subresource"],
  responseStatus: ["code", "status", "reason", "message"],
} as const;

const LEVEL_SET: ReadonlySet<unknown> = new Set(LEVELS);
const STAGE_SET: ReadonlySet<unknown> = new Set(STAGES);

function isUserInfo(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { extra } = value;
  if (extra != null) {
    if (!isRecord(extra)) return false;
    for (const key in extra) {
      const values = extra[key];
      if (values != null && !isStringArray(values)) return false;
    }
  }
  return optionalString(value.username) && optionalString(value.uid) &&
    (value.groups == null || isStringArray(value.groups));
}

function isObjectRef(value: unknown): boolean {
  if (!isRecord(value)) return false;
  for (const key of GUARDED_KEYS.objectRef) if (!optionalString(value[key])) return false;
  return true;
}

function isResponseStatus(value: unknown): boolean {
  if (!isRecord(value)) return false;
  // z.number().int() accepts safe integers only.
  return (value.code === undefined || Number.isSafeInteger(value.code)) &&
    optionalString(value.status) && optionalString(value.reason) && optionalString(value.message);
}

function isStringRecord(value: unknown): boolean {
  if (!isRecord(value)) return false;
  for (const key in value) if (typeof value[key] !== "string") return false;
  return true;
}

function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== "string") return false;
  return true;
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === "string";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
