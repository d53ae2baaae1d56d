import { decodeCursor, decodeLatencyCursor } from "./cursor";
import { readFilter, readPageParams, type Filter, type PageParams } from "./filter";
import { throwFirst, type ParamIssue, type RawParams } from "./params";
import { readView, type View } from "./view";

/** Everything a URL says about a requests view: which requests, how shown, which page. */
export type ViewState = { filter: Filter; view: View; page: PageParams };

/**
 * The state with each invalid key left out (or at its default), and the issues: a page draws its
 * controls around the error, the API answers 400 with the first one (parseViewState).
 */
export function readViewState(params: RawParams): ViewState & { issues: ParamIssue[] } {
  const { filter, issues: filterIssues } = readFilter(params);
  const { view, issues: viewIssues } = readView(params);
  const { page, issues: pageIssues } = readPageParams(params);
  const issues = [...filterIssues, ...viewIssues, ...pageIssues];
  // A cursor of one sort handed to the other (`sort` edited in a URL) would restart at page 1 unannounced.
  if (page.cursor !== undefined && !viewIssues.some((i) => i.parameter === "sort")) {
    const fits = view.sort === "latency" ? decodeLatencyCursor(page.cursor) !== null : decodeCursor(page.cursor) !== null;
    if (!fits) {
      issues.push({ parameter: "cursor", message: `cursor: it pages the other sort order, not sort=${view.sort}: drop it to start at the first page` });
      page.cursor = undefined;
    }
  }
  return { filter, view, page, issues };
}

/** The state of an API call; throws InvalidParameterError naming the first key that cannot be applied. */
export function parseViewState(params: RawParams): ViewState {
  const { issues, ...state } = readViewState(params);
  throwFirst(issues);
  return state;
}
