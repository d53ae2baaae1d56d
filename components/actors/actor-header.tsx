import Link from "next/link";
import { requestsHref } from "@/components/requests/hrefs";
import { Badge } from "@/components/ui/badge";
import { buttonStyles } from "@/components/ui/button";
import { actorKind, actorKindLabel } from "@/lib/audit/actor-kind";
import { formatNumber } from "@/lib/format/number";
import { actorHref } from "./actor-href";
import type { Filter } from "@/lib/query/filter";

const TONE = { serviceaccount: "violet", node: "blue", anonymous: "amber", system: "neutral", human: "green" } as const;
const SHORT = { serviceaccount: "service account", node: "node", anonymous: "anonymous", system: "system", human: "user" } as const;

/** Who this actor is and how much they did in the range. */
export function ActorHeader({
  user,
  filter,
  total,
  impersonated,
  sessions,
}: {
  user: string;
  filter: Filter;
  total: number;
  impersonated: number;
  sessions: number;
}) {
  const kind = actorKind(user);
  return (
    <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-2">
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <h1 data-testid="actor-name" className="font-mono text-base font-semibold break-all text-zinc-900 dark:text-zinc-50">
            {user}
          </h1>
          <Badge tone={TONE[kind.kind]} title={actorKindLabel(kind)}>{SHORT[kind.kind]}</Badge>
        </div>
        <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
          {actorKindLabel(kind)}
          {filter.cluster ? ` · cluster ${filter.cluster.join(", ")}` : ""} · <span data-testid="actor-total">{formatNumber(total)}</span> request
          {total === 1 ? "" : "s"}
          {impersonated > 0 ? (
            <>
              {" "}
              (<span data-testid="actor-impersonated">{formatNumber(impersonated)}</span> made as {user} by impersonation)
            </>
          ) : null}{" "}
          in {formatNumber(sessions)} session{sessions === 1 ? "" : "s"}
          {filter.range ? ` · last ${filter.range} of data` : filter.from || filter.to ? " · in the selected range" : " · all data"}
        </p>
      </div>
      <div className="flex items-center gap-2">
        {filter.range || filter.from || filter.to ? (
          <Link href={actorHref(user, filter.cluster?.join(","))} prefetch={false} className={buttonStyles("ghost")}>
            All data
          </Link>
        ) : null}
        <Link href={requestsHref(filter)} prefetch={false} className={buttonStyles("secondary")} data-testid="actor-dashboard-link">
          Open on the dashboard
        </Link>
      </div>
    </div>
  );
}
