import "server-only";

// `kubectl logs kube-apiserver-…` with --audit-log-path=- interleaves klog lines with the events.
const KLOG = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ [^\]\s]+\] /;
// --audit-log-format=legacy: `<time> AUDIT: id="…" stage="…" …`.
const LEGACY_AUDIT = / AUDIT: id="/;
const MARKUP = /^<(?:!doctype|\?xml|[a-z][\w-]*[\s>/])/i;
const MAX_MESSAGE = 200;

/** The reason shown for text that does not parse as JSON, naming the usual suspects. */
export function describeNotJson(text: string, error?: unknown): string {
  return knownNoise(text) ?? `not JSON: ${jsonErrorMessage(text, error)}`;
}

/** The reason for a line of a known non-JSON kind, or null. */
export function knownNoise(text: string): string | null {
  if (KLOG.test(text)) return "not JSON (klog line)";
  if (LEGACY_AUDIT.test(text)) return "not JSON (legacy audit text format; use --audit-log-format=json)";
  if (MARKUP.test(text)) return "not JSON (HTML or XML)";
  if (isCsvRow(text)) return "not JSON (a CSV row)";
  return null;
}

/** A spreadsheet's or a query tool's export: three or more comma-separated fields, no JSON structure. */
function isCsvRow(text: string): boolean {
  if (/[{}[\]]/.test(text)) return false;
  const first = text.indexOf(",");
  return first !== -1 && text.indexOf(",", first + 1) !== -1;
}

function jsonErrorMessage(text: string, error: unknown): string {
  let err = error;
  if (err === undefined) {
    try {
      JSON.parse(text);
      return "unexpected input";
    } catch (e) {
      err = e;
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

export function formatBytes(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
