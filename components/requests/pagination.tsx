import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import { formatNumber } from "@/lib/format/number";
import type { Filter, PageParams } from "@/lib/query/filter";
import { requestsHref } from "./hrefs";

const DEFAULT_LIMIT = 50;

/** Keyset paging: "Older →" follows the store's cursor, "Newest" goes back to the first page. */
export function Pagination({ filter, page, shown, next }: { filter: Filter; page: PageParams; shown: number; next: string | null }) {
  const limit = page.limit === DEFAULT_LIMIT ? undefined : String(page.limit);
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3 px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">
      <span>
        {formatNumber(shown)} on this page{page.cursor ? " (older)" : " (newest first)"}
      </span>
      <div className="flex items-center gap-2">
        {page.cursor ? (
          <Link href={requestsHref(filter, { limit })} className={buttonStyles("secondary")} data-testid="page-newest">
            ← Newest
          </Link>
        ) : null}
        {next ? (
          <Link href={requestsHref(filter, { cursor: next, limit })} className={buttonStyles("secondary")} data-testid="page-older">
            Older →
          </Link>
        ) : (
          <span className={buttonStyles("ghost", "cursor-default opacity-50")} aria-disabled="true">
            Older →
          </span>
        )}
      </div>
    </nav>
  );
}
