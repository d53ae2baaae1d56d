import { gkeRecordToEvent, isCloudAuditRecord } from "./gke-record";

type Json = Record<string, unknown>;

/**
 * A stored stage event's text read back: the audit Event it stands for, and the record it was converted
 * from when the store kept another schema's record verbatim (a GKE Cloud Logging record). Null for text
 * that is neither (stored events always are one).
 */
export function readStoredEvent(raw: string): { event: Json; original: Json | null } | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const record = value as Json;
  if (!isCloudAuditRecord(record)) return { event: record, original: null };
  const mapped = gkeRecordToEvent(record);
  return "event" in mapped ? { event: mapped.event, original: record } : null;
}

/** A stored stage event's audit Event as an object (converted, when the store kept a GKE record). */
export function parseRawEvent(raw: string): Json | null {
  return readStoredEvent(raw)?.event ?? null;
}
