import { filterFromParams, parsePageParams } from "@/lib/query/filter";
import { DIMENSIONS } from "@/lib/store/types";
import { viewSchema } from "@/lib/query/view";
import type { Db } from "@/lib/store/sqlite/db";
import { objectHistoryFrom } from "@/lib/store/sqlite/history";
import { countRequests, getRequestFrom, listRequestsFrom, summaryFrom } from "@/lib/store/sqlite/requests";
import { SelectionMemo } from "@/lib/store/sqlite/selection";
import { DEFAULT_FACET_LIMIT, statsFrom } from "@/lib/store/sqlite/stats";
import type { Percentiles } from "./percentile";
import { pickFreeText, pickObject, pickQueryLanguageFilter, pickUser, requestIds, walkToPage, type DeepPage, type ObjectPick, type Pick } from "./query-picks";
import { timeRepeated } from "./timing";

type Params = Record<string, string>;

/**
 * What app/(explorer)/page.tsx runs for one URL, server-side and without React: the summary, then total +
 * timeline + every breakdown, then the first page of requests.
 */
export function wholeDashboard(db: Db, params: Params = {}): void {
  const filter = filterFromParams(params);
  const view = viewSchema.parse(params);
  const page = parsePageParams(params);
  if (summaryFrom(db).requests === 0) return;
  // One render: the page reuses the selection the stats filled, as lib/store/sqlite/queries.ts lets it.
  const selections = new SelectionMemo();
  statsFrom(db, filter, view, { facetLimit: DEFAULT_FACET_LIMIT, selections });
  listRequestsFrom(db, filter, page, view.sort, selections);
}

export type QueryTiming = Percentiles & { id: string; label: string };

export type QueryPicks = {
  user: string | null;
  queryLanguage: Pick | null;
  freeText: Pick | null;
  object: ObjectPick | null;
  deepPage: DeepPage;
};

export type QueryResults = { picks: QueryPicks; timings: QueryTiming[] };

const DEEP_PAGE = 1000;

/** Every dashboard question, each timed on its own over `runs` repetitions. */
export async function runQuerySuite(db: Db, runs: number, log: (line: string) => void = () => {}): Promise<QueryResults> {
  const none = filterFromParams({});
  const view = viewSchema.parse({});
  const deepPage = walkToPage(db, DEEP_PAGE);
  const picks: QueryPicks = {
    user: pickUser(db),
    queryLanguage: pickQueryLanguageFilter(db),
    freeText: pickFreeText(db),
    object: pickObject(db),
    deepPage,
  };
  const ids = requestIds(db, runs + 10);
  let nextId = 0;

  const cases: { id: string; label: string; run: () => unknown }[] = [
    { id: "dashboard", label: "whole dashboard", run: () => wholeDashboard(db) },
    { id: "count", label: "total count", run: () => countRequests(db, none) },
    { id: "timeline", label: "timeline (with total)", run: () => statsFrom(db, none, view, { dimensions: [] }) },
    ...DIMENSIONS.map((d) => ({
      id: `breakdown.${d}`,
      label: `breakdown: ${d}`,
      run: () => statsFrom(db, none, view, { dimensions: [d], timeline: false, facetLimit: DEFAULT_FACET_LIMIT }),
    })),
    { id: "firstPage", label: "first page", run: () => listRequestsFrom(db, none, parsePageParams({})) },
    {
      id: "page1000",
      label: `page ${deepPage.page} via cursor`,
      run: () => listRequestsFrom(db, none, parsePageParams(deepPage.cursor ? { cursor: deepPage.cursor } : {})),
    },
  ];
  if (picks.user) {
    const user = picks.user;
    cases.push(
      { id: "filteredDashboard", label: "filtered dashboard (user=…)", run: () => wholeDashboard(db, { user }) },
      { id: "filteredPage", label: "filtered first page (user=…)", run: () => listRequestsFrom(db, filterFromParams({ user }), parsePageParams({})) },
    );
  }
  if (picks.queryLanguage) {
    const { q } = picks.queryLanguage;
    cases.push({ id: "queryLanguage", label: "query-language dashboard (q=…)", run: () => wholeDashboard(db, { q }) });
  }
  if (picks.freeText) {
    const { q } = picks.freeText;
    cases.push({ id: "freeText", label: "free-text dashboard (q=…)", run: () => wholeDashboard(db, { q }) });
  }
  cases.push({ id: "oneRequest", label: "one request (random id)", run: () => getRequestFrom(db, ids[nextId++ % ids.length]!) });
  if (picks.object) {
    const { key } = picks.object;
    // What /objects opens on: the newest page of the history, its diffs and the version before it.
    cases.push({ id: "objectHistory", label: "object history (first page)", run: () => objectHistoryFrom(db, key) });
  }

  const timings: QueryTiming[] = [];
  for (const c of cases) {
    // Cold: no case passes a memo of the selection across runs, so each run fills its own.
    const p = await timeRepeated(() => c.run(), runs);
    log(`  ${c.label}: p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms`);
    timings.push({ id: c.id, label: c.label, ...p });
  }
  return { picks, timings };
}
