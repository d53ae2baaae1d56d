import { filterToSearch } from "@/lib/query/filter";
import { formatMicros } from "@/lib/time/micros";
import type { Severity } from "../rule";

/** A new hit as the store reports it (RunWriter.takeNewFindings): ids, time and key only. */
export type NotifiableFinding = { ruleId: string; severity: Severity; requestId: number; tsUs: number; key: string | null };

/** Keys named in a summary; past them it says how many more there were. */
const KEYS_SHOWN = 3;

/** One rule's new hits coalesced into one notification. */
export type FindingGroup = {
  ruleId: string;
  severity: Severity;
  count: number;
  firstUs: number;
  lastUs: number;
  /** Distinct correlation keys (JSON arrays of values), the first KEYS_SHOWN of them. */
  keys: string[];
  moreKeys: boolean;
};

export function newGroup(f: NotifiableFinding): FindingGroup {
  return { ruleId: f.ruleId, severity: f.severity, count: 1, firstUs: f.tsUs, lastUs: f.tsUs, keys: f.key === null ? [] : [f.key], moreKeys: false };
}

export function addToGroup(g: FindingGroup, f: NotifiableFinding): void {
  g.count++;
  g.severity = f.severity;
  g.firstUs = Math.min(g.firstUs, f.tsUs);
  g.lastUs = Math.max(g.lastUs, f.tsUs);
  if (f.key === null || g.keys.includes(f.key)) return;
  if (g.keys.length < KEYS_SHOWN) g.keys.push(f.key);
  else g.moreKeys = true;
}

/** Adds a later batch's group of the same rule to one still waiting to be sent. */
export function mergeGroups(into: FindingGroup, from: FindingGroup): void {
  into.count += from.count;
  into.severity = from.severity;
  into.firstUs = Math.min(into.firstUs, from.firstUs);
  into.lastUs = Math.max(into.lastUs, from.lastUs);
  for (const key of from.keys) {
    if (into.keys.includes(key)) continue;
    if (into.keys.length < KEYS_SHOWN) into.keys.push(key);
    else into.moreKeys = true;
  }
  into.moreKeys ||= from.moreKeys;
}

/** The JSON body POSTed: `text` is what Slack (and Mattermost, Teams' Slack-compatible hooks) show. */
export type NotificationBody = {
  text: string;
  rule: { id: string; title: string; severity: Severity };
  summary: string;
  count: number;
  first: string;
  last: string;
  url: string;
};

/**
 * The dashboard showing exactly these hits: the rule's requests (`rule:` in the query language) from the
 * first to the last (`to` is exclusive). Absolute under AUDITLENS_PUBLIC_URL, else a path.
 */
export function findingsLink(g: FindingGroup, publicUrl: URL | null): string {
  const path = `/?${filterToSearch({ q: `rule:${g.ruleId}`, from: formatMicros(g.firstUs), to: formatMicros(g.lastUs + 1) })}`;
  return publicUrl ? `${publicUrl.origin}${publicUrl.pathname.replace(/\/+$/, "")}${path}` : path;
}

/** A key's values as a reader says them: `["alice","10.0.0.1"]` → `alice, 10.0.0.1`. */
function keyText(key: string): string {
  try {
    const values = JSON.parse(key) as unknown;
    if (Array.isArray(values)) return values.map((v) => (v === null ? "(none)" : String(v))).join(", ");
  } catch {
    // Not JSON: said as it is.
  }
  return key;
}

/** Slack reads &, < and > as markup (links, mentions); a title or a user name must not make any. */
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function notificationBody(g: FindingGroup, title: string, publicUrl: URL | null): NotificationBody {
  const first = formatMicros(g.firstUs);
  const last = formatMicros(g.lastUs);
  const hits = g.count === 1 ? "1 new request" : `${g.count} new requests`;
  const when = g.firstUs === g.lastUs ? `at ${first}` : `from ${first} to ${last}`;
  const keys = g.keys.length === 0 ? "" : `; by ${g.keys.map(keyText).join(" | ")}${g.moreKeys ? " and others" : ""}`;
  const summary = `${hits} ${when}${keys}`;
  const url = findingsLink(g, publicUrl);
  // Slack turns <url|label> into a link only for an absolute URL; a path is shown as it is.
  const link = publicUrl ? `<${url}|open in Auditlens>` : url;
  return {
    text: `[${g.severity.toUpperCase()}] ${slackEscape(title)}: ${slackEscape(summary)} ${link}`,
    rule: { id: g.ruleId, title, severity: g.severity },
    summary,
    count: g.count,
    first,
    last,
    url,
  };
}
