import { gkeRecordToEvent, isCloudAuditRecord } from "./gke-record";
import { mayHoldSecrets, mayRedact, redactCloudRecord, redactEvent } from "./redact";

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

/**
 * A stored (or received) event's text with its credentials replaced, and the event it now stands for;
 * null when it holds none. A GKE record is redacted as a record and stays one, so the request page still
 * shows the record as received, less its credentials.
 */
export function redactStoredText(raw: string, salt: string): { event: Json; text: string } | null {
  const stored = readStoredEvent(raw);
  // A record's parts the conversion leaves out are searched too, hence its whole text.
  if (stored === null || !(stored.original ? mayHoldSecrets(raw) : mayRedact(stored.event, raw))) return null;
  if (stored.original === null) {
    const redacted = redactEvent(stored.event, salt);
    return redacted === null ? null : { event: redacted, text: JSON.stringify(redacted) };
  }
  const record = redactCloudRecord(stored.original, stored.event, salt);
  if (record === null) return null;
  const mapped = gkeRecordToEvent(record);
  return "event" in mapped ? { event: mapped.event, text: JSON.stringify(record) } : null;
}
