import Link from "next/link";
import { viewParams, type DashboardState } from "@/components/dashboard/dashboard-href";
import { buttonStyles } from "@/components/ui/button";
import { formatNumber } from "@/lib/format/number";
import { filterToSearch, type PageParams } from "@/lib/query/filter";

const DEFAULT_LIMIT = 50;

const FIRST_PAGE: Record<DashboardState["view"]["sort"], string> = { time: "← Newest", latency: "← Slowest" };
const ORDER: Record<DashboardState["view"]["sort"], string> = { time: "newest first", latency: "slowest first" };

/** The dashboard URL of another page of the same view: filter and view kept, `cursor` set or dropped. */
function pageHref(state: DashboardState, extra: { cursor?: string; limit?: string }): string {
  const search = filterToSearch(state.filter, { ...viewParams(state.view), ...extra });
  return search ? `/?${search}` : "/";
}

/**
 * Keyset paging: "Older →" (or "Faster →" when sorted by latency) follows the store's cursor, the first
 * link goes back to page 1. The cursor is in the URL, so a reload or a shared link shows the same page.
 */
export function Pagination({ state, page, shown, next }: { state: DashboardState; page: PageParams; shown: number; next: string | null }) {
  const limit = page.limit === DEFAULT_LIMIT ? undefined : String(page.limit);
  const sort = state.view.sort;
  const onward = sort === "latency" ? "Faster →" : "Older →";
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3 px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">
      <span>
        {formatNumber(shown)} on this page · {ORDER[sort]}
      </span>
      <div className="flex items-center gap-2">
        {page.cursor ? (
          <Link href={pageHref(state, { limit })} className={buttonStyles("secondary")} data-testid="page-newest">
            {FIRST_PAGE[sort]}
          </Link>
        ) : null}
        {next ? (
          <Link href={pageHref(state, { cursor: next, limit })} className={buttonStyles("secondary")} data-testid="page-older">
            {onward}
          </Link>
        ) : (
          <span className={buttonStyles("ghost", "cursor-default opacity-50")} aria-disabled="true">
            {onward}
          </span>
        )}
      </div>
    </nav>
  );
}
