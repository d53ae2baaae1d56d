import "server-only";
import { gkeRecordToEvent, isCloudAuditRecord } from "@/lib/audit/gke-record";
import { STREAMED_KEYS } from "@/lib/ingest/json-grammar";
import { describeNotJson } from "@/lib/ingest/not-json";

/**
 * Something that should be an audit Event, with its one-line JSON text when it has one (stored as the
 * event's raw form), or why a wrapper could not be opened.
 */
export type Candidate = { value: unknown; text: string | null } | { problem: string };

// Envelope → EventList → … ; real wrappers nest two or three deep, so a deeper value is not audit data.
const MAX_DEPTH = 6;

type Json = Record<string, unknown>;

/**
 * A JSON value → the audit events it holds: arrays, EventList `items`, CloudWatch export `events` and
 * subscription `logEvents` (event JSON in `message`), Azure `records` (`properties.log` as object or
 * string), Fluent Bit / Docker `{"log": "<event JSON>"}`, GKE Cloud Audit Log records.
 *
 * `text` survives only when the value handed in is itself the candidate, or when the event was a JSON
 * string inside a wrapper (that string is the event exactly as the API server wrote it). Otherwise
 * the caller stores JSON.stringify of the candidate. A GKE record is the exception: its candidate is the
 * mapped Event, but the text stored is the Cloud Logging record's own, which re-ingests as the same event.
 */
export function unwrap(value: unknown, text: string | null, out: Candidate[], depth = 0): void {
  if (!isObject(value)) {
    if (!Array.isArray(value)) out.push({ value, text });
    else if (depth >= MAX_DEPTH) out.push({ problem: "JSON but not an audit Event: arrays nested too deep" });
    else for (const element of value) unwrap(element, null, out, depth + 1);
    return;
  }
  // Checked first: this is the shape of nearly every input, and an Event is never a wrapper.
  if ("auditID" in value || value.kind === "Event") {
    out.push({ value, text });
    return;
  }
  if (depth >= MAX_DEPTH) {
    out.push({ problem: "JSON but not an audit Event: wrappers nested too deep" });
    return;
  }
  if (isCloudAuditRecord(value)) {
    const mapped = gkeRecordToEvent(value);
    // The record is stored as it came; reading it back maps it again (lib/audit/raw-event.ts).
    out.push("event" in mapped ? { value: mapped.event, text: text ?? JSON.stringify(value) } : mapped);
    return;
  }
  for (const key of STREAMED_KEYS) {
    const list = value[key];
    if (Array.isArray(list)) {
      for (const element of list) unwrap(element, null, out, depth + 1);
      return;
    }
  }
  const properties = value.properties;
  if (isObject(properties) && properties.log !== undefined) return embedded(properties.log, out, depth);
  if (value.log !== undefined) return embedded(value.log, out, depth);
  if (typeof value.message === "string") return embedded(value.message, out, depth);
  out.push({ value, text });
}

/** A wrapped event: an object, or its JSON as a string. */
function embedded(value: unknown, out: Candidate[], depth: number): void {
  if (typeof value !== "string") {
    unwrap(value, null, out, depth + 1);
    return;
  }
  const s = value.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch (err) {
    out.push({ problem: describeNotJson(s, err) });
    return;
  }
  unwrap(parsed, s.includes("\n") ? null : s, out, depth + 1);
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
