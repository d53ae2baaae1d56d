import { InvalidParameterError } from "@/lib/query/errors";
import { DEFAULT_LIMIT, filterSchema, filterToSearch, pageParamsSchema, type Filter } from "@/lib/query/filter";
import { DEFAULT_COLUMNS, DEFAULT_VIEW, viewSchema, type View } from "@/lib/query/view";
import { parseViewState } from "@/lib/query/view-state";

/**
 * Share links and saved views store one canonical form of a URL, so that equal views have equal links:
 * filter keys through the filter schema (lists sorted; an invalid value is an error, never dropped, or
 * the saved view would show the whole store), view keys only when they differ from their defaults, keys
 * sorted. Pure and client-safe: the Copy link button uses it too.
 */

export class InvalidViewUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidViewUrlError";
  }
}

/** A parse base that can never be one of ours: a URL that changes origin against it was absolute. */
const BASE = "http://auditlens.invalid";
/** Machinery, not views: an API answer, another short link (a loop), build assets. */
const NOT_A_VIEW = ["/api/", "/v/", "/_next/"];
const MAX_URL = 4000;

const FILTER_KEYS = new Set(Object.keys(filterSchema.shape));
const VIEW_KEYS = new Set(Object.keys(viewSchema.shape));
/** Where a page of the table starts is not part of a view: a shared link opens at the newest requests. */
const PAGE_KEYS = new Set(Object.keys(pageParamsSchema.shape));

/** `transform` rewrites the filter before it is written out (freezing a relative range, server-side). */
export type ViewUrlOptions = { transform?: (filter: Filter) => Filter };

/** Path + query of an app page, or InvalidViewUrlError: absolute, other-origin, `javascript:` and `//host` URLs are refused. */
export function parseAppUrl(url: string): URL {
  if (url.length > MAX_URL) throw new InvalidViewUrlError(`url is longer than ${MAX_URL} characters`);
  // Browsers treat "\" like "/" and ignore tabs and newlines, so "/\evil.com" would leave the app.
  if (!url.startsWith("/") || url.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(url)) {
    throw new InvalidViewUrlError("url must be a relative path of this app, starting with a single /");
  }
  const parsed = new URL(url, BASE);
  // "/.//evil.com" and "/a/..//evil.com" normalise to the path "//evil.com", which a redirect would follow off-site.
  if (parsed.origin !== BASE || parsed.pathname.startsWith("//") || parsed.pathname.includes("\\")) {
    throw new InvalidViewUrlError("url must stay on this app");
  }
  const path = `${parsed.pathname}/`;
  if (NOT_A_VIEW.some((p) => path.startsWith(p))) throw new InvalidViewUrlError(`${parsed.pathname} is not a page that shows a view`);
  return parsed;
}

function viewExtras(view: View): Record<string, string | undefined> {
  const cols = view.cols?.join(",");
  return {
    stack: view.stack === DEFAULT_VIEW.stack ? undefined : view.stack,
    sort: view.sort === DEFAULT_VIEW.sort ? undefined : view.sort,
    cols: cols === undefined || cols === DEFAULT_COLUMNS.join(",") ? undefined : cols,
  };
}

/**
 * The canonical query string (no leading "?") of a page's search params; throws InvalidParameterError
 * naming a parameter that cannot be applied.
 */
export function canonicalSearch(params: URLSearchParams, opts: ViewUrlOptions = {}): string {
  // The cursor is left out of a view (PAGE_KEYS), so a stale one cannot make it invalid.
  const withoutCursor = new URLSearchParams(params);
  withoutCursor.delete("cursor");
  const state = parseViewState(withoutCursor);
  const filter = opts.transform ? opts.transform(state.filter) : state.filter;
  const extra: Record<string, string | undefined> = viewExtras(state.view);
  const limit = state.page.limit;
  if (params.has("limit") && limit !== DEFAULT_LIMIT) extra.limit = String(limit);
  // Keys another page owns (an object's group/name, a tab) pass through unchanged.
  for (const [key, value] of params) {
    if (FILTER_KEYS.has(key) || VIEW_KEYS.has(key) || PAGE_KEYS.has(key) || key in extra) continue;
    extra[key] = value;
  }
  return filterToSearch(filter, extra);
}

/** The canonical app-relative URL (path + query) for `url`; throws InvalidViewUrlError for anything else. */
export function canonicalViewUrl(url: string, opts: ViewUrlOptions = {}): string {
  const parsed = parseAppUrl(url);
  let search: string;
  try {
    search = canonicalSearch(parsed.searchParams, opts);
  } catch (e) {
    if (e instanceof InvalidParameterError) throw new InvalidViewUrlError(`url has an invalid parameter: ${e.message}`);
    throw e;
  }
  return search ? `${parsed.pathname}?${search}` : parsed.pathname;
}
