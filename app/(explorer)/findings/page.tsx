import type { Metadata } from "next";
import { FindingsView } from "@/components/findings/findings-view";
import { InvalidParams } from "@/components/requests/invalid-params";
import { requirePage } from "@/lib/auth/page-access";
import { roleAllows } from "@/lib/auth/principal";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { findingsOverview, type FindingsOverview } from "@/lib/findings/view";
import { QuerySyntaxError } from "@/lib/query/errors";
import { readFilter } from "@/lib/query/filter";
import { DEFAULT_VIEW } from "@/lib/query/view";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Findings" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function FindingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await requirePage();
  const { filter, issues } = readFilter(await searchParams);
  if (issues.length > 0) return <InvalidParams issues={issues} clearHref="/findings" />;
  const store = auditStore();
  const ruleSet = loadRuleSet();
  const summary = await store.summary(principal.scopes);
  let overview: FindingsOverview;
  let error: { message: string; position: number } | null = null;
  try {
    overview = await findingsOverview(store, ruleSet, filter, principal.scopes);
  } catch (e) {
    if (!(e instanceof QuerySyntaxError)) throw e;
    // The page stays usable with the error under the search box, as the dashboard does.
    error = { message: e.message, position: e.position };
    overview = { rules: [], unchecked: [], stale: false, computedAt: null, problems: ruleSet.problems, enabledRules: ruleSet.rules.length };
  }
  return (
    <FindingsView
      state={{ filter, view: DEFAULT_VIEW, path: "/findings" }}
      overview={overview}
      newest={summary.last}
      error={error}
      canRecompute={roleAllows(principal.role, "admin")}
    />
  );
}
