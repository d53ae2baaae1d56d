"use client";

import { useRouter } from "next/navigation";
import { TimelineChart, type TimelinePoint } from "@/components/charts/timeline-chart";
import { TimelineLegend, type LegendEntry } from "@/components/charts/timeline-legend";
import { Card } from "@/components/ui/card";
import { filterToSearch, type Filter } from "@/lib/query/filter";
import { seriesTerm } from "@/lib/query/series-terms";
import { addTerm, hasTerm, removeTerm } from "@/lib/query/terms";

/** The actor view's own URL with `f` as its filter. */
function actorHref(path: string, f: Filter): string {
  const search = filterToSearch(f);
  return search ? `${path}?${search}` : path;
}

/** A legend entry filters the actor view (not the dashboard) to its verb class. */
function legendEntries(path: string, filter: Filter, series: string[]): LegendEntry[] {
  const q = filter.q ?? "";
  return series.map((s) => {
    const term = seriesTerm("verb", s, series);
    if (term === null) return { series: s, href: null, active: false };
    const active = hasTerm(q, term);
    const next = (active ? removeTerm(q, term) : addTerm(q, term)).trim();
    return { series: s, href: actorHref(path, { ...filter, q: next || undefined }), active };
  });
}

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
        <span className="ml-2 font-normal tracking-normal text-zinc-400 normal-case dark:text-zinc-500">drag to zoom</span>
      </h2>
      {data.length === 0 ? (
        <p className="flex h-40 items-center justify-center text-xs text-zinc-400 dark:text-zinc-500">No requests in this range.</p>
      ) : (
        <>
          <TimelineChart
            data={data}
            series={series}
            bucketMs={bucketMs}
            stack="verb"
            onSelect={(from, to) => {
              router.push(actorHref(path, { ...filter, range: undefined, from, to }), { scroll: false });
            }}
          />
          <TimelineLegend entries={legendEntries(path, filter, series)} stack="verb" label="Timeline legend: filter to a verb class" />
        </>
      )}
    </Card>
  );
}
