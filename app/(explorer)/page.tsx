import { Suspense } from "react";
import { DashboardToolbar } from "@/components/dashboard/toolbar";
import { LiveToggle } from "@/components/live/live-toggle";
import { ExportMenu } from "@/components/requests/export-menu";
import { DashboardSkeleton } from "@/components/requests/dashboard-skeleton";
import { DashboardView } from "@/components/requests/dashboard-view";
import { FindingsStrip } from "@/components/findings/findings-strip";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { findingsStrip } from "@/lib/findings/view";
import { findingsUrl } from "@/lib/findings/view-links";
import type { Severity } from "@/lib/findings/rule";
import { SearchBox } from "@/components/search/search-box";
import { ShareToolbar } from "@/components/share/share-toolbar";
import { QuerySyntaxError } from "@/lib/query/errors";
import { filterToSearch, type Filter, type PageParams } from "@/lib/query/filter";
import { valuesOf, type ParamIssue } from "@/lib/query/params";
import { DIMENSIONS, type RequestPage, type Stats } from "@/lib/store/types";
import type { View } from "@/lib/query/view";
import { readViewState } from "@/lib/query/view-state";
import { auditStore, DEFAULT_FACET_LIMIT } from "@/lib/store";
import { requirePage } from "@/lib/auth/page-access";
import { roleAllows, type Principal } from "@/lib/auth/principal";
import { withScopes, type Scopes } from "@/lib/query/scope";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

const NO_STATS: Stats = {
  total: 0,
  from: null,
  to: null,
  bucketMs: 0,
  series: [],
  timeline: [],
  facets: Object.fromEntries(DIMENSIONS.map((d) => [d, []])) as unknown as Stats["facets"],
};
const NO_REQUESTS: RequestPage = { total: 0, items: [], next: null };

type QueryError = { message: string; position: number };
type Loaded = { stats: Stats; result: RequestPage; findings: { severity: Severity; rules: number }[]; error: QueryError | null };

/** A query that does not parse renders the page with the error under the search box, not an error page. */
async function load(filter: Filter, scopes: Scopes, view: View, page: PageParams): Promise<Loaded> {
  const store = auditStore();
  const scoped = withScopes(filter, scopes);
  try {
    // Asked together: a store that answers over the network works on all at once; SQLite answers each at once anyway.
    const [stats, result, findings] = await Promise.all([
      store.stats(scoped, view, { facetLimit: DEFAULT_FACET_LIMIT }),
      store.requests.page(scoped, page, view.sort),
      findingsStrip(store, loadRuleSet(), filter, scopes),
    ]);
    return { stats, result, findings, error: null };
  } catch (e) {
    if (e instanceof QuerySyntaxError) return { stats: NO_STATS, result: NO_REQUESTS, findings: [], error: { message: e.message, position: e.position } };
    throw e;
  }
}

async function Dashboard({ filter, principal, view, page, issues, query }: { filter: Filter; principal: Principal; view: View; page: PageParams; issues: ParamIssue[]; query: string }) {
  const { scopes } = principal;
  const summary = await auditStore().summary(scopes);
  // A parameter that cannot be applied stops the search, as a query error does: no answer for more than was asked.
  const { stats, result, findings, error } =
    summary.requests === 0 || issues.length > 0 ? { stats: NO_STATS, result: NO_REQUESTS, findings: [], error: null } : await load(filter, scopes, view, page);
  return (
    <DashboardView
      summary={summary}
      state={{ filter, view }}
      page={page}
      stats={stats}
      result={result}
      facetLimit={DEFAULT_FACET_LIMIT}
      invalid={error !== null}
      audience={{ canUpload: roleAllows(principal.role, "ingester"), scoped: scopes !== null }}
      issues={issues}
      search={<SearchBox query={query} error={error} />}
      strip={<FindingsStrip counts={findings} href={findingsUrl(filter)} />}
      toolbar={
        <DashboardToolbar>
          <LiveToggle />
          <ShareToolbar />
          <ExportMenu search={filterToSearch(filter)} />
        </DashboardToolbar>
      }
    />
  );
}

// A Suspense boundary inside the page rather than a segment loading.tsx: that would also wrap
// /requests/[id] and turn its notFound() into a 200.
export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await requirePage();
  const params = await searchParams;
  const { filter, view, page, issues } = readViewState(params);
  const key = filterToSearch(filter, {
    cursor: page.cursor,
    limit: String(page.limit),
    stack: view.stack,
    sort: view.sort,
    cols: view.cols?.join(","),
    invalid: issues.map((i) => i.message).join("\n"),
  });
  return (
    <Suspense key={key} fallback={<DashboardSkeleton />}>
      {/* An invalid q (too long, given twice) stays in the box, to be fixed rather than retyped. */}
      <Dashboard filter={filter} principal={principal} view={view} page={page} issues={issues} query={filter.q ?? valuesOf(params, "q")[0] ?? ""} />
    </Suspense>
  );
}
