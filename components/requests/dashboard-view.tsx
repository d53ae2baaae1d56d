import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { UploadPanel } from "@/components/upload/upload-panel";
import { formatNumber } from "@/lib/format/number";
import type { Filter, PageParams } from "@/lib/query/filter";
import type { RequestPage, StoreSummary as Summary } from "@/lib/query/types";
import { FilterBar } from "./filter-bar";
import { Pagination } from "./pagination";
import { RequestsTable } from "./requests-table";
import { StoreSummary } from "./store-summary";

function Total({ total }: { total: number }) {
  return (
    <span className="flex items-baseline gap-1.5">
      <span data-testid="total" className="tabular">
        {formatNumber(total)}
      </span>
      <span className="font-normal text-zinc-500 dark:text-zinc-400">{total === 1 ? "request" : "requests"}</span>
    </span>
  );
}

export function DashboardView({
  summary,
  filter,
  page,
  result,
}: {
  summary: Summary;
  filter: Filter;
  page: PageParams;
  result: RequestPage;
}) {
  if (summary.requests === 0) {
    return (
      <div className="mx-auto flex max-w-3xl flex-col gap-4 pt-6">
        <PageHeader title={<Total total={0} />} />
        <Card data-testid="empty-store">
          <EmptyState title="No audit events yet" className="pt-8 pb-5">
            Upload a Kubernetes API-server audit log to see who did what, to which object, when, from where — and whether it was
            allowed. Files from <span className="font-mono whitespace-nowrap">--audit-log-path</span>, webhook{" "}
            <span className="font-mono">EventList</span>{" "}
            batches and gzipped rotations all work.
          </EmptyState>
          <div className="px-6 pb-6">
            <UploadPanel compact />
          </div>
        </Card>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={<Total total={result.total} />} meta={<StoreSummary summary={summary} />} />
      <Card className="px-3 py-2.5">
        <FilterBar filter={filter} clusters={summary.clusters} />
      </Card>
      <Card className="overflow-clip max-lg:overflow-x-auto">
        {result.items.length === 0 ? (
          <EmptyState
            data-testid="no-match"
            title="No requests match these filters"
            action={
              <Link href="/" className="text-xs font-medium text-sky-700 underline underline-offset-2 dark:text-sky-400">
                Clear filters
              </Link>
            }
          >
            {page.cursor ? "There are no older requests for this view." : "Try fewer filters, or check the spelling of a value — matches are exact."}
          </EmptyState>
        ) : (
          <>
            <RequestsTable rows={result.items} showCluster={summary.clusters.length > 1} />
            <Pagination filter={filter} page={page} shown={result.items.length} next={result.next} />
          </>
        )}
      </Card>
    </div>
  );
}
