import type { Filter } from "@/lib/query/filter";
import { addTerm } from "@/lib/query/terms";
import { withScopes, type Scopes } from "@/lib/query/scope";
import type { AuditStore } from "@/lib/store/audit-store";
import { formatMicros } from "@/lib/time/micros";
import type { Severity } from "./rule";
import type { Rule, RuleProblem, RuleSet } from "./types";
import { ruleDashboardUrl, rulePageUrl, severityRank } from "./view-links";
import { shownDetail, shownToScopes } from "./view-scope";

/** What the Findings page and GET /api/v1/findings need of the store. */
export type FindingsStore = Pick<AuditStore, "requests" | "findings">;

/** One rule with hits in the view, as the Findings page lists it. */
export type RuleFindings = {
  id: string;
  /** The rule's title; its id when the rule is no longer loaded (its hits were stored under an older rule set). */
  title: string;
  severity: Severity | null;
  kind: Rule["kind"] | null;
  attack: readonly string[];
  count: number;
  /** ISO times of the first and last hit in the view. */
  first: string;
  last: string;
  /** The dashboard filtered to exactly these requests. */
  url: string;
  /** This rule's page, with the view's filter. */
  page: string;
  timeline: { startUs: number; bucketUs: number; counts: number[] };
  /** Requests a body rule's filter matched whose body was not logged, so it could not check them; null for other rules. */
  notChecked: number | null;
};

/** A body rule that found nothing in the view but could not check some requests. */
export type UncheckedRule = { id: string; title: string; severity: Severity; notChecked: number; url: string };

export type FindingsOverview = {
  rules: RuleFindings[];
  unchecked: UncheckedRule[];
  /** The stored findings were computed with another rule set: a recompute is due. */
  stale: boolean;
  computedAt: string | null;
  problems: readonly RuleProblem[];
  /** How many rules are on: none means nothing can be found, which the page says. */
  enabledRules: number;
};

/** Most severe first, then most hits, then by id so that equal rows keep one order. */
function compareRows(a: RuleFindings, b: RuleFindings): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.count - a.count || a.id.localeCompare(b.id);
}

/**
 * Requests each body rule's filter matched that were logged without their body (level None or Metadata):
 * the rule could not look, and saying so keeps "no finding" from reading as "checked and clean". Most
 * body rules share one `match` (pods and workloads written), so each distinct one is counted once.
 */
async function notCheckedCounts(store: FindingsStore, rules: readonly Rule[], filter: Filter, scopes: Scopes): Promise<Map<string, number>> {
  const byMatch = new Map<string, Promise<number>>();
  for (const match of new Set(rules.map((r) => r.match ?? ""))) {
    const q = addTerm(addTerm(filter.q ?? "", `(${match})`), "level:None,Metadata");
    byMatch.set(match, store.requests.count(withScopes({ ...filter, q }, scopes)));
  }
  return new Map(await Promise.all(rules.map(async (r) => [r.id, await byMatch.get(r.match ?? "")!] as const)));
}

/** The rules with hits among the view's requests, joined with what the loaded rules say of them. */
export async function findingsOverview(store: FindingsStore, ruleSet: RuleSet, filter: Filter, scopes: Scopes): Promise<FindingsOverview> {
  const byId = new Map(ruleSet.rules.map((r) => [r.id, r]));
  const bodyRules = ruleSet.rules.filter((r) => r.body !== null && r.match !== null);
  const [summary, status, notChecked] = await Promise.all([
    store.findings.summary(withScopes(filter, scopes)),
    store.findings.status(ruleSet.fingerprint),
    notCheckedCounts(store, bodyRules, filter, scopes),
  ]);
  const shown = summary.filter((s) => shownToScopes(byId.get(s.ruleId), scopes));
  const rows: RuleFindings[] = shown.map((s) => {
    const rule = byId.get(s.ruleId);
    return {
      id: s.ruleId,
      title: rule?.title ?? s.ruleId,
      severity: rule?.severity ?? null,
      kind: rule?.kind ?? null,
      attack: rule?.attack ?? [],
      count: s.count,
      first: formatMicros(s.firstUs),
      last: formatMicros(s.lastUs),
      url: ruleDashboardUrl(filter, s.ruleId),
      page: rulePageUrl(filter, s.ruleId),
      timeline: s.timeline,
      notChecked: notChecked.get(s.ruleId) ?? null,
    };
  });
  const withHits = new Set(rows.map((r) => r.id));
  return {
    rules: rows.sort(compareRows),
    unchecked: bodyRules
      .filter((r) => !withHits.has(r.id) && (notChecked.get(r.id) ?? 0) > 0)
      .map((r) => ({ id: r.id, title: r.title, severity: r.severity, notChecked: notChecked.get(r.id) ?? 0, url: rulePageUrl(filter, r.id) }))
      .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.notChecked - a.notChecked),
    stale: !status.current,
    computedAt: status.computedAt === null ? null : new Date(status.computedAt).toISOString(),
    problems: ruleSet.problems,
    enabledRules: ruleSet.rules.length,
  };
}

/** "2 critical · 4 high": the dashboard strip's counts of rules with hits, most severe first. */
export function severityCounts(rows: readonly Pick<RuleFindings, "severity">[]): { severity: Severity; rules: number }[] {
  const counts = new Map<Severity, number>();
  for (const r of rows) if (r.severity) counts.set(r.severity, (counts.get(r.severity) ?? 0) + 1);
  return [...counts].map(([severity, rules]) => ({ severity, rules })).sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
}

/** The dashboard strip's counts: rules with hits among the view's requests, by severity, most severe first. */
export async function findingsStrip(store: FindingsStore, ruleSet: RuleSet, filter: Filter, scopes: Scopes): Promise<{ severity: Severity; rules: number }[]> {
  const byId = new Map(ruleSet.rules.map((r) => [r.id, r]));
  const summary = await store.findings.summary(withScopes(filter, scopes), { buckets: 1 });
  const shown = summary.filter((s) => shownToScopes(byId.get(s.ruleId), scopes));
  return severityCounts(shown.map((s) => ({ severity: byId.get(s.ruleId)?.severity ?? null })));
}

/** A rule that found one request, as its page lists it. */
export type RequestFinding = { id: string; title: string; severity: Severity | null; detail: string | null; url: string };

/** The rules that found one request, most severe first (none when the request lies outside the scopes). */
export async function requestFindings(store: FindingsStore, ruleSet: RuleSet, requestId: number, scopes: Scopes): Promise<RequestFinding[]> {
  const byId = new Map(ruleSet.rules.map((r) => [r.id, r]));
  const found = await store.findings.ofRequest(requestId, scopes);
  return found
    .filter(({ ruleId }) => shownToScopes(byId.get(ruleId), scopes))
    .map(({ ruleId, detail }) => {
      const rule = byId.get(ruleId);
      return { id: ruleId, title: rule?.title ?? ruleId, severity: rule?.severity ?? null, detail: shownDetail(rule, detail, scopes), url: rulePageUrl({}, ruleId) };
    })
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));
}
