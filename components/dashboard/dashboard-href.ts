import { addTerm, removeTerm } from "@/lib/query/terms";
import { filterToSearch, type Filter } from "@/lib/query/filter";
import { DEFAULT_COLUMNS, DEFAULT_VIEW, type View } from "@/lib/query/view";

/**
 * What the dashboard shows: which requests (filter) and how (view). Both live in the URL. `path` is the
 * page the filter controls link to (the Findings page reuses them); the dashboard's "/" when absent.
 */
export type DashboardState = { filter: Filter; view: View; path?: string };

export type StatePatch = { filter?: Partial<Filter>; view?: Partial<View> };

/** The view's URL keys, each left out at its default so that equal views have equal links. */
export function viewParams(view: View): Record<string, string | undefined> {
  const cols = view.cols?.join(",");
  return {
    stack: view.stack === DEFAULT_VIEW.stack ? undefined : view.stack,
    sort: view.sort === DEFAULT_VIEW.sort ? undefined : view.sort,
    cols: cols === undefined || cols === DEFAULT_COLUMNS.join(",") ? undefined : cols,
  };
}

/**
 * The dashboard URL after a change. The table's page cursor is dropped: a new filter starts at the
 * newest request. A key patched to undefined is removed.
 */
export function dashboardHref(state: DashboardState, patch: StatePatch = {}): string {
  const filter = { ...state.filter, ...patch.filter };
  const view = { ...state.view, ...patch.view };
  const search = filterToSearch(filter, viewParams(view));
  const path = state.path ?? "/";
  return search ? `${path}?${search}` : path;
}

/** The dashboard URL with `terms` ANDed into the query (or removed again when `remove`). */
export function withTerms(state: DashboardState, terms: string[], remove = false): string {
  let q = state.filter.q ?? "";
  for (const t of terms) q = remove ? removeTerm(q, t) : addTerm(q, t);
  return dashboardHref(state, { filter: { q: q.trim() || undefined } });
}
