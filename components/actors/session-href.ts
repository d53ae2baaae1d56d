import { requestsHref } from "@/components/requests/hrefs";
import { formatTerm } from "@/lib/query/terms";
import { parseMicros } from "@/lib/time/micros";

/** Raw user agents over this length are matched by their normalized form, to keep links short. */
const LONG_UA = 300;

/**
 * The dashboard showing exactly one session: its user (who sent the requests or was impersonated by
 * them, as the actor view counts them), source IP and user agent, from its first to its last request.
 */
export function sessionHref(s: { user: string; sourceIP: string | null; userAgent: string | null; start: string; lastStart: string }, cluster: string[] | undefined, normalizedUa: string | null): string {
  const ua = s.userAgent === null ? "" : s.userAgent.length > LONG_UA && normalizedUa ? normalizedUa : s.userAgent;
  const who = `(${formatTerm("user", s.user)} OR ${formatTerm("actor", s.user)})`;
  const q = [who, formatTerm("ip", s.sourceIP ?? ""), formatTerm("ua", ua)].join(" ");
  // `to` is exclusive and kept to milliseconds: end one millisecond after the last request started.
  const lastMs = Math.floor(parseMicros(s.lastStart) / 1000) + 1;
  const fromMs = Math.floor(parseMicros(s.start) / 1000);
  return requestsHref({ cluster, q, from: new Date(fromMs).toISOString(), to: new Date(lastMs).toISOString() });
}
