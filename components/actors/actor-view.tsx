import Link from "next/link";
import { FacetPanel } from "@/components/facets/facet-panel";
import { requestsHref } from "@/components/requests/hrefs";
import { RequestsTable } from "@/components/requests/requests-table";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { Filter } from "@/lib/query/filter";
import type { Dimension, RequestPage, Stats } from "@/lib/store/types";
import { DEFAULT_COLUMNS, type View } from "@/lib/query/view";
import { actorHref } from "./actor-href";
import { ActorHeader } from "./actor-header";
import { ActorTimeline } from "./actor-timeline";
import { SessionsList, type SessionData } from "./sessions-list";

export const ACTOR_FACET_LIMIT = 8;
const BREAKDOWNS: [Dimension, string][] = [
  ["verb", "Verbs"],
  ["resource", "Resources"],
  ["namespace", "Namespaces"],
  ["code", "Response codes"],
  ["sourceIP", "Source IPs"],
  ["userAgent", "User agents"],
  ["decision", "Authorization"],
];

type Props = {
  user: string;
  /** The page's filter with `(user:"<name>" OR actor:"<name>")` added; sessions use the filter without it. */
  filter: Filter;
  base: Filter;
  view: View;
  stats: Stats;
  sessions: { sessions: SessionData[]; truncated: boolean };
  requests: RequestPage;
  /** How many of the requests were made as this user by someone impersonating them. */
  impersonated: number;
};

/**
 * Everything one user did in the range: the dashboard's timeline and breakdowns scoped to them (a click
 * opens the dashboard with the same scope), their sessions, and their newest requests.
 */
export function ActorView({ user, filter, base, view, stats, sessions, requests, impersonated }: Props) {
  const state = { filter, view };
  // Every row is this user's: the table leaves the user column out unless the link asks for it, or some
  // rows were sent by someone else as them or by them as someone else ("alice via system:admin" says which).
  const mixed = requests.items.some((r) => r.impersonatedUser !== null);
  const tableState = { filter, view: { ...view, cols: view.cols ?? (mixed ? DEFAULT_COLUMNS : DEFAULT_COLUMNS.filter((c) => c !== "user")) } };
  return (
    <div className="mx-auto flex max-w-[1400px] flex-col gap-3">
      <ActorHeader user={user} filter={filter} total={stats.total} impersonated={impersonated} sessions={sessions.sessions.length} />
      <ActorTimeline path={actorHref(user)} filter={base} data={stats.timeline} series={stats.series} bucketMs={stats.bucketMs} />
      <div className="grid items-start gap-3 xl:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="flex min-w-0 flex-col gap-3">
          <Card data-testid="actor-sessions">
            <CardHeader title={`Sessions (${sessions.sessions.length}${sessions.truncated ? "+" : ""})`} aside="same IP and user agent, gaps under 30 min" />
            <SessionsList sessions={sessions.sessions} truncated={sessions.truncated} cluster={base.cluster} />
          </Card>
          <Card data-testid="actor-requests" className="min-w-0 overflow-x-auto">
            <CardHeader title="Requests" aside="newest first" />
            {requests.items.length === 0 ? (
              <EmptyState title="No requests in this range" className="py-8" />
            ) : (
              <>
                <RequestsTable rows={requests.items} state={tableState} />
                {requests.total > requests.items.length ? (
                  <div className="border-t border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800">
                    <Link href={requestsHref(filter)} prefetch={false} className="text-sky-700 hover:underline dark:text-sky-400">
                      All {requests.total.toLocaleString("en-US")} requests on the dashboard →
                    </Link>
                  </div>
                ) : null}
              </>
            )}
          </Card>
        </div>
        <Card className="flex min-w-0 flex-col gap-4 p-3" data-testid="breakdowns">
          {BREAKDOWNS.map(([d, title]) => (
            <FacetPanel key={d} state={state} dimension={d} title={title} entries={stats.facets[d]} total={stats.total} limit={ACTOR_FACET_LIMIT} />
          ))}
        </Card>
      </div>
    </div>
  );
}
