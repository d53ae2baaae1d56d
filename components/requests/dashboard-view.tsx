import Link from "next/link";
import type { ReactNode } from "react";
import type { DashboardState } from "@/components/dashboard/dashboard-href";
import { NoiseToggle } from "@/components/dashboard/noise-toggle";
import { TimeRangePicker } from "@/components/dashboard/time-range";
import { TimelinePanel } from "@/components/dashboard/timeline-panel";
import { FacetsSidebar } from "@/components/facets/facets-sidebar";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { UploadPanel } from "@/components/upload/upload-panel";
import { formatNumber } from "@/lib/format/number";
import type { PageParams } from "@/lib/query/filter";
import type { RequestPage, Stats, StoreSummary as Summary } from "@/lib/store/types";
import { FilterBar } from "./filter-bar";
import { invalidParamsTitle, InvalidParamsList } from "./invalid-params";
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

/** What an empty store says to whoever is looking: who may upload is invited to; a scoped viewer learns why it is empty. */
export type EmptyStoreAudience = { canUpload: boolean; scoped: boolean };

function EmptyStore({ audience }: { audience: EmptyStoreAudience }) {
  if (!audience.canUpload) {
    return (
      <div className="mx-auto flex max-w-3xl flex-col gap-4 pt-6">
        <PageHeader title={<Total total={0} />} />
        <Card data-testid="empty-store">
          <EmptyState title={audience.scoped ? "No requests in your scope yet" : "No audit events yet"} className="py-8">
            {audience.scoped
              ? "Your access covers some namespaces of some clusters; nothing has been stored for them yet. Requests appear here as soon as they are."
              : "Nothing has been stored yet. Someone with the ingester role can upload a log, or Auditlens can follow the API server's log or webhook."}
          </EmptyState>
        </Card>
      </div>
    );
  }
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4 pt-6">
      <PageHeader title={<Total total={0} />} />
      <Card data-testid="empty-store">
        <EmptyState title="No audit events yet" className="pt-8 pb-5">
          Upload a Kubernetes API-server audit log to see who did what, to which object, when, from where — and whether it was
          allowed. Files from <span className="font-mono whitespace-nowrap">--audit-log-path</span>, webhook{" "}
          <span className="font-mono">EventList</span> batches and gzipped rotations all work.
        </EmptyState>
        <div className="px-6 pb-6">
          <UploadPanel compact />
        </div>
      </Card>
    </div>
  );
}

type Issue = { parameter: string; message: string };

function NoMatch({ state, page, invalid, issues }: { state: DashboardState; page: PageParams; invalid: boolean; issues: Issue[] }) {
  if (issues.length > 0) {
    return (
      <EmptyState
        data-testid="no-match"
        title={invalidParamsTitle(issues)}
        action={
          <Link href="/" className="text-xs font-medium text-sky-700 underline underline-offset-2 dark:text-sky-400">
            Clear filters
          </Link>
        }
      >
        <p className="mb-2">Nothing is searched until the link is fixed, so that no answer covers more than it asked for.</p>
        <InvalidParamsList issues={issues} />
      </EmptyState>
    );
  }
  return (
    <EmptyState
      data-testid="no-match"
      title={invalid ? "The query has an error" : "No requests match these filters"}
      action={
        <Link href="/" className="text-xs font-medium text-sky-700 underline underline-offset-2 dark:text-sky-400">
          Clear filters
        </Link>
      }
    >
      {invalid
        ? "Fix it in the search box above; nothing is searched until the query is valid."
        : page.cursor
          ? "There are no older requests for this view."
          : state.filter.range || state.filter.from || state.filter.to
            ? "Try a wider time range or fewer filters."
            : "Try fewer filters, or check the spelling of a value — matches are exact unless you use *."}
    </EmptyState>
  );
}

/** Where the timeline ends when the range is open: the end of its last bar. */
function chartEnd(stats: Stats): string | null {
  const last = stats.timeline[stats.timeline.length - 1];
  if (!last) return null;
  return new Date(Date.parse(last.t) + stats.bucketMs).toISOString();
}

/**
 * The dashboard: search and time range, timeline, breakdowns beside the requests table. Every control is
 * a link or a form that changes the URL; the server renders the result.
 */
export function DashboardView({
  summary,
  state,
  page,
  stats,
  result,
  facetLimit,
  search,
  toolbar,
  strip,
  invalid = false,
  audience,
  issues = [],
}: {
  summary: Summary;
  state: DashboardState;
  page: PageParams;
  stats: Stats;
  result: RequestPage;
  facetLimit: number;
  /** The search box, with the query's syntax error when there is one. */
  search: ReactNode;
  /** View actions (copy link, save, export, snapshot): a <DashboardToolbar>. */
  toolbar?: ReactNode;
  /** One line above the table: the view's findings (a <FindingsStrip>, which renders nothing when there are none). */
  strip?: ReactNode;
  /** The query did not parse: the page shows it, and no results. */
  invalid?: boolean;
  audience: EmptyStoreAudience;
  /** URL parameters that cannot be applied: the page names them, and shows no results. */
  issues?: Issue[];
}) {
  if (summary.requests === 0) return <EmptyStore audience={audience} />;

  return (
    <div className="flex flex-col gap-3">
      <PageHeader title={<Total total={result.total} />} meta={<StoreSummary summary={summary} />} aside={toolbar} />
      <Card className="flex flex-col gap-2 px-3 py-2.5">
        {search}
        <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
          <TimeRangePicker state={state} newest={summary.last} resolvedFrom={stats.from ?? stats.timeline[0]?.t ?? null} resolvedTo={stats.to ?? chartEnd(stats)} />
          <NoiseToggle state={state} />
        </div>
        <FilterBar state={state} />
      </Card>
      <TimelinePanel state={state} stats={stats} />
      {strip}
      <div className="grid grid-cols-1 items-start gap-3 xl:grid-cols-[16rem_minmax(0,1fr)]">
        <Card className="p-3 max-xl:order-2" data-testid="breakdowns-card">
          <FacetsSidebar state={state} stats={stats} limit={facetLimit} />
        </Card>
        <Card className="min-w-0 overflow-x-auto">
          {result.items.length === 0 ? (
            <NoMatch state={state} page={page} invalid={invalid} issues={issues} />
          ) : (
            <>
              {/* A cluster column repeats one word when the store, or the filter, holds one cluster. */}
              <RequestsTable rows={result.items} state={state} showCluster={summary.clusters.length > 1 && state.filter.cluster?.length !== 1} />
              <Pagination state={state} page={page} shown={result.items.length} next={result.next} />
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
