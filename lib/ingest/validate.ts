import "server-only";
import type { z } from "zod";
import { auditEventSchema } from "@/lib/audit/event";
import { isAuditEvent } from "@/lib/ingest/event-guard";
import type { ParsedItem } from "@/lib/ingest/types";
import type { Candidate } from "@/lib/ingest/unwrap";

const MAX_DETAILS = 3;
/** Kubernetes Events (`kubectl get events`): objects about objects, often mistaken for audit events. */
const CORE_EVENT_VERSIONS: ReadonlySet<unknown> = new Set(["v1", "events.k8s.io/v1", "events.k8s.io/v1beta1"]);
export const CORE_EVENT_REASON = "a Kubernetes core/v1 Event (kubectl get events), not an audit Event";

/** Candidate → ParsedEvent, or a ParseProblem whose reason names the fields to fix. */
export function validateCandidate(candidate: Candidate, line: number, format: "JSON" | "YAML" = "JSON"): ParsedItem {
  if ("problem" in candidate) return { kind: "invalid", line, reason: candidate.problem };
  const { value, text } = candidate;
  const notAnEvent = `${format} but not an audit Event`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "invalid", line, reason: `${notAnEvent}: ${describeType(value)}` };
  }
  // Nearly every input is a valid event; the guard accepts those without zod's copy (see event-guard.ts).
  if (isAuditEvent(value)) return { kind: "event", line, event: value, raw: text ?? JSON.stringify(value) };
  const result = auditEventSchema.safeParse(value);
  if (result.success) {
    // The input object, not zod's output, keeps the original key order.
    return { kind: "event", line, event: result.data, raw: text ?? JSON.stringify(value) };
  }
  const v = value as Record<string, unknown>;
  // An audit event with a wrong version (it has an auditID) is told what to fix instead.
  if (v.kind === "Event" && CORE_EVENT_VERSIONS.has(v.apiVersion) && !("auditID" in v)) return { kind: "invalid", line, reason: `${notAnEvent}: ${CORE_EVENT_REASON}` };
  return { kind: "invalid", line, reason: `${notAnEvent}: ${describeIssues(result.error.issues, value)}` };
}

/** `missing auditID, stage; level: invalid value "Foo"` — short enough for a table cell. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const missing: string[] = [];
  const details: string[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    const actual = valueAt(input, issue.path);
    if (issue.code === "custom") details.push(issue.message);
    else if (actual === undefined) missing.push(path);
    else if (issue.code === "invalid_value" || issue.code === "invalid_format") details.push(`${path}: invalid value ${preview(actual)}`);
    else if (issue.code === "too_small" && actual === "") details.push(`${path}: empty`);
    else if (issue.code === "invalid_type") details.push(`${path}: expected ${issue.expected}, got ${describeType(actual)}`);
    else details.push(`${path}: ${issue.message}`);
  }
  const parts = missing.length > 0 ? [`missing ${missing.join(", ")}`] : [];
  parts.push(...details.slice(0, MAX_DETAILS));
  if (details.length > MAX_DETAILS) parts.push(`${details.length - MAX_DETAILS} more`);
  return parts.join("; ");
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}
