import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { seriesColor } from "./series-colors";

/** One series of the chart: its link filters to it (or, when `active`, removes that filter); null when no filter selects it. */
export type LegendEntry = { series: string; href: string | null; active: boolean };

/**
 * What the timeline's colours mean, as the snapshot's legend says it, each entry a link through the URL
 * like a breakdown entry. The colours come from the chart's own seriesColor, so they cannot drift apart.
 */
export function TimelineLegend({ entries, stack, label }: { entries: LegendEntry[]; stack: string; label: string }) {
  if (entries.length === 0) return null;
  return (
    <ul aria-label={label} data-testid="timeline-legend" className="flex flex-wrap items-center gap-x-1 gap-y-0.5 pt-1 text-[11px]">
      {entries.map((e, i) => {
        const swatch = <span aria-hidden className="size-2.5 shrink-0 rounded-sm" style={{ background: seriesColor(e.series, i, stack) }} />;
        const body = "inline-flex max-w-full min-w-0 items-center gap-1.5 rounded px-1.5 py-0.5 font-mono";
        return (
          <li key={e.series} data-testid="legend-entry" data-series={e.series} className="max-w-full min-w-0">
            {e.href === null ? (
              <span className={cn(body, "text-zinc-500 dark:text-zinc-400")}>
                {swatch}
                <span className="break-all">{e.series}</span>
              </span>
            ) : (
              <Link
                href={e.href}
                scroll={false}
                aria-current={e.active ? "true" : undefined}
                title={e.active ? `Remove the filter on ${e.series}` : `Show only ${e.series}`}
                className={cn(
                  body,
                  "hover:bg-zinc-100 hover:underline dark:hover:bg-zinc-800",
                  e.active ? "bg-sky-100 font-semibold text-sky-800 dark:bg-sky-900/50 dark:text-sky-300" : "text-zinc-600 dark:text-zinc-300",
                )}
              >
                {swatch}
                <span className="break-all">{e.series}</span>
              </Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}
