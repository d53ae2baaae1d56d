import { Suspense } from "react";
import { DashboardSkeleton } from "@/components/requests/dashboard-skeleton";
import { DashboardView } from "@/components/requests/dashboard-view";
import { filterToSearch, parseFilter, parsePageParams, type Filter, type PageParams } from "@/lib/query/filter";
import { getSummary, listRequests } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

async function Requests({ filter, page }: { filter: Filter; page: PageParams }) {
  const [summary, result] = await Promise.all([getSummary(), listRequests(filter, page)]);
  return <DashboardView summary={summary} filter={filter} page={page} result={result} />;
}

// A Suspense boundary inside the page rather than a segment loading.tsx: that would also wrap
// /requests/[id] and turn its notFound() into a 200.
export default async function Dashboard({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const filter = parseFilter(params);
  const page = parsePageParams(params);
  return (
    <Suspense key={filterToSearch(filter, { cursor: page.cursor, limit: String(page.limit) })} fallback={<DashboardSkeleton />}>
      <Requests filter={filter} page={page} />
    </Suspense>
  );
}
