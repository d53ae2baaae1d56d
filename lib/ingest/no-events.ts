import "server-only";
import { CORE_EVENT_REASON } from "@/lib/ingest/validate";

/** What a finished run needs for its verdict: its counts and its first problems. */
export type RunCounts = { events: number; invalid: number; errors: readonly { line: number; reason: string }[] };

/**
 * Likely causes, by the reasons given for a file's first problems; the most frequent wins, so one stray
 * line does not name the file. Checked in this order when two are as frequent; the last two are only
 * the fallbacks when no named kind of data was seen.
 */
const CAUSES: { test: (reason: string) => boolean; label: string; cause: string }[] = [
  { test: (r) => r.includes(CORE_EVENT_REASON), label: "a Kubernetes Event list", cause: "this looks like a Kubernetes Event list (core/v1 Events, from kubectl get events), not audit events" },
  { test: (r) => r.startsWith("YAML but not") || r.startsWith("not YAML"), label: "YAML, not audit events", cause: "this looks like YAML, but not audit events" },
  { test: (r) => r.includes("(a CSV row)"), label: "CSV, not audit events", cause: "this looks like CSV, not audit events" },
  { test: (r) => r.includes("(klog line)"), label: "klog lines, not audit events", cause: "this looks like the API server's own log (klog lines), not its audit log" },
  { test: (r) => r.includes("legacy audit text format"), label: "legacy audit text format", cause: "this is the legacy audit text format: the API server writes JSON with --audit-log-format=json" },
  { test: (r) => r.includes("(HTML or XML)"), label: "HTML or XML", cause: "this looks like HTML or XML, not audit events" },
  { test: (r) => r.startsWith("JSON but not"), label: "JSON, not audit events", cause: "this is JSON, but not audit events" },
  { test: (r) => r.startsWith("not JSON"), label: "not JSON or YAML", cause: "this is not JSON (or YAML) audit events" },
];
const FALLBACKS = 2;

/** A run's verdict when it read no event: a few words for a table cell, and the whole likely cause. */
export type NoEvents = { label: string; cause: string };

/**
 * Why a run that read no valid event at all is worth a warning rather than "done", or null when it
 * read events. A file of other data ingests "successfully" with nothing stored; this says so, with
 * the likely cause ("this looks like CSV, not audit events"), so that an upload of the wrong file is
 * noticed.
 */
export function noEventsVerdict(run: RunCounts): NoEvents | null {
  if (run.events > 0) return null;
  if (run.invalid === 0) return { label: "an empty file", cause: "the file is empty or holds only blank lines" };
  const counts = CAUSES.map(({ test }) => run.errors.filter((e) => test(e.reason)).length);
  const named = CAUSES.length - FALLBACKS;
  const pick = (from: number, to: number) => {
    let best = from;
    for (let i = from; i < to; i++) if (counts[i]! > counts[best]!) best = i;
    return best;
  };
  const best = counts.slice(0, named).some((n) => n > 0) ? pick(0, named) : pick(named, CAUSES.length);
  const { label, cause } = CAUSES[best]!;
  if (best < named) return { label, cause };
  // No kind of data named: the first problem says more (which fields are missing, the parse error).
  const first = run.errors[0];
  const likely = counts[best]! > 0 ? cause : "no line or document is an audit event";
  return { label: counts[best]! > 0 ? label : "no audit event", cause: `${likely}${first ? ` (line ${first.line}: ${first.reason})` : ""}` };
}

/** The likely cause alone, or null. */
export function noEventsCause(run: RunCounts): string | null {
  return noEventsVerdict(run)?.cause ?? null;
}

/** The warning an upload and the CLI show for such a run: `no audit events: <cause>`, or null. */
export function noEventsWarning(run: RunCounts): string | null {
  const cause = noEventsCause(run);
  return cause === null ? null : `no audit events: ${cause}`;
}
