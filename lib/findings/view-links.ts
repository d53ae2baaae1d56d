import { filterToSearch, type Filter } from "@/lib/query/filter";
import { addTerm, formatTerm } from "@/lib/query/terms";
import { SEVERITIES, type Severity } from "./rule";

/** The view's filter narrowed to the requests one rule found: what "open in dashboard" shares. */
export function ruleFilter(filter: Filter, ruleId: string): Filter {
  return { ...filter, q: addTerm(filter.q ?? "", formatTerm("rule", ruleId)) };
}

/** The dashboard showing exactly a rule's requests within the view (a canonical share link). */
export function ruleDashboardUrl(filter: Filter, ruleId: string): string {
  return `/?${filterToSearch(ruleFilter(filter, ruleId))}`;
}

/** A rule's page, keeping the view's filter so its hits are the ones the list counted. */
export function rulePageUrl(filter: Filter, ruleId: string, paging: { limit?: string; cursor?: string } = {}): string {
  const search = filterToSearch(filter, paging);
  return `/findings/${encodeURIComponent(ruleId)}${search ? `?${search}` : ""}`;
}

/** The Findings page for the same view (the dashboard strip links here). */
export function findingsUrl(filter: Filter): string {
  const search = filterToSearch(filter);
  return search ? `/findings?${search}` : "/findings";
}

/** Most severe first; a rule no longer loaded (no severity known) last. */
export function severityRank(severity: Severity | null): number {
  return severity === null ? -1 : SEVERITIES.indexOf(severity);
}

export const attackUrl = (technique: string) => `https://attack.mitre.org/techniques/${technique.replace(".", "/")}/`;
