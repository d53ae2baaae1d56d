import { formatCount } from "@/lib/format/number";
import { formatTimeRange } from "@/lib/format/time";
import type { StoreSummary as Summary } from "@/lib/store/types";

/** One line about everything in the store, independent of the current filter. */
export function StoreSummary({ summary }: { summary: Summary }) {
  const clusters = summary.clusters.join(", ");
  return (
    <p data-testid="store-summary" className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs text-zinc-500 dark:text-zinc-400">
      <span>In store:</span>
      <span className="text-zinc-700 dark:text-zinc-300">{formatCount(summary.requests, "request")}</span>
      <span aria-hidden="true">·</span>
      <span className="text-zinc-700 dark:text-zinc-300">{formatCount(summary.events, "event")}</span>
      <span aria-hidden="true">·</span>
      <span className="tabular font-mono text-zinc-700 dark:text-zinc-300" title="first – last request, UTC">
        {formatTimeRange(summary.first, summary.last)} UTC
      </span>
      <span aria-hidden="true">·</span>
      <span className="max-w-[60ch] truncate" title={clusters}>
        {summary.clusters.length === 1 ? "cluster" : "clusters"}{" "}
        <span className="font-mono text-zinc-700 dark:text-zinc-300">{clusters || "—"}</span>
      </span>
    </p>
  );
}
