"use client";

import { useRouter } from "next/navigation";
import { TimelineChart, type TimelinePoint } from "@/components/charts/timeline-chart";
import { dashboardHref, type DashboardState } from "./dashboard-href";

/** The timeline wired to the URL: a drag (or a click on a bar) becomes an absolute from/to, replacing a preset. */
export function TimelineZoom({ state, data, series, bucketMs }: { state: DashboardState; data: TimelinePoint[]; series: string[]; bucketMs: number }) {
  const router = useRouter();
  return (
    <TimelineChart
      data={data}
      series={series}
      bucketMs={bucketMs}
      stack={state.view.stack}
      onSelect={(from, to) => router.push(dashboardHref(state, { filter: { range: undefined, from, to } }), { scroll: false })}
    />
  );
}
