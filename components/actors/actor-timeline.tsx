"use client";

import { useRouter } from "next/navigation";
import { TimelineChart, type TimelinePoint } from "@/components/charts/timeline-chart";
import { Card } from "@/components/ui/card";
import { filterToSearch, type Filter } from "@/lib/query/filter";

/**
 * The actor's own timeline, stacked by verb class. Dragging zooms the actor view itself (its sessions and
 * breakdowns follow), not the dashboard: the investigator stays on the person.
 */
export function ActorTimeline({
  path,
  filter,
  data,
  series,
  bucketMs,
}: {
  /** The actor page's path, `/actors/<user>`. */
  path: string;
  /** The actor page's filter (without the user term). */
  filter: Filter;
  data: TimelinePoint[];
  series: string[];
  bucketMs: number;
}) {
  const router = useRouter();
  return (
    <Card className="px-3 pt-2 pb-1" data-testid="actor-timeline">
      <h2 className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
        Requests over time
        <span className="ml-2 font-normal tracking-normal text-zinc-400 normal-case dark:text-zinc-500">read / write / delete · drag to zoom</span>
      </h2>
      {data.length === 0 ? (
        <p className="flex h-40 items-center justify-center text-xs text-zinc-400 dark:text-zinc-500">No requests in this range.</p>
      ) : (
        <TimelineChart
          data={data}
          series={series}
          bucketMs={bucketMs}
          stack="verb"
          onSelect={(from, to) => {
            const search = filterToSearch({ ...filter, range: undefined, from, to });
            router.push(search ? `${path}?${search}` : path, { scroll: false });
          }}
        />
      )}
    </Card>
  );
}
