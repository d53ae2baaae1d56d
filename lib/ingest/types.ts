import type { AuditEvent } from "@/lib/audit/event";

/** One valid audit event found in the input, with the text that is stored losslessly for it. */
export type ParsedEvent = {
  kind: "event";
  /** 1-based line of the input where the event (or the record that wrapped it) starts. */
  line: number;
  event: AuditEvent;
  /** The event as received: the line itself for JSON lines, JSON.stringify of the object when unwrapped. */
  raw: string;
};

/** A line or record that is not an audit event, with a reason a user can act on. */
export type ParseProblem = {
  kind: "invalid";
  line: number;
  reason: string;
};

export type ParsedItem = ParsedEvent | ParseProblem;
