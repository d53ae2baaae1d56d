import { TimelineLegend, type LegendEntry } from "@/components/charts/timeline-legend";
import { Card } from "@/components/ui/card";
import { seriesTerm } from "@/lib/query/series-terms";
import { hasTerm } from "@/lib/query/terms";
import type { Stats } from "@/lib/store/types";
import { withTerms, type DashboardState } from "./dashboard-href";
import { StackBySelector } from "./stack-by";
import { TimelineZoom } from "./timeline-zoom";

/** A bucket size as people say it: "30 s", "5 min", "3 h", "1 day". */
function bucketName(ms: number): string {
  if (ms >= 86_400_000) return ms === 86_400_000 ? "1 day" : `${ms / 86_400_000} days`;
  if (ms >= 3_600_000) return `${ms / 3_600_000} h`;
  if (ms >= 60_000) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** A legend entry filters the dashboard to its series through `q`, as a breakdown entry does. */
function legendEntries(state: DashboardState, series: string[]): LegendEntry[] {
  return series.map((s) => {
    const term = seriesTerm(state.view.stack, s, series);
    if (term === null) return { series: s, href: null, active: false };
    const active = hasTerm(state.filter.q ?? "", term);
    return { series: s, href: withTerms(state, [term], active), active };
  });
}

export function TimelinePanel({ state, stats }: { state: DashboardState; stats: Stats }) {
  return (
    <Card className="px-3 pt-2 pb-1" data-testid="timeline">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
          Requests over time
          {stats.bucketMs > 0 ? (
            <span className="ml-2 font-normal tracking-normal text-zinc-400 normal-case dark:text-zinc-500" data-testid="bucket-size">
              {bucketName(stats.bucketMs)} per bar · drag to zoom
            </span>
          ) : null}
        </h2>
        <StackBySelector state={state} />
      </div>
      {stats.timeline.length === 0 ? (
        <p className="flex h-40 items-center justify-center text-xs text-zinc-400 dark:text-zinc-500">No requests in this range.</p>
      ) : (
        <>
          <TimelineZoom state={state} data={stats.timeline} series={stats.series} bucketMs={stats.bucketMs} />
          <TimelineLegend entries={legendEntries(state, stats.series)} stack={state.view.stack} label="Timeline legend: filter to a series" />
        </>
      )}
    </Card>
  );
}
