import type { Filter } from "@/lib/query/filter";
import { resolveTimeRange, type QueryContext } from "@/lib/query/time-range";

/** "Last 24 h" as the absolute window it covers now, so the view keeps showing these requests after new uploads. */
export function freezeRange(filter: Filter, ctx: QueryContext): Filter {
  if (!filter.range || ctx.newestUs === null) return filter;
  const { fromUs } = resolveTimeRange(filter, ctx);
  if (fromUs === null) return filter;
  // The filter keeps milliseconds; `to` is exclusive, so it ends just after the newest request.
  const from = new Date(Math.floor(fromUs / 1000)).toISOString();
  const to = new Date(Math.floor(ctx.newestUs / 1000) + 1).toISOString();
  return { ...filter, range: undefined, from, to };
}
