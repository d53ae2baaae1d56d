import { parseMicros } from "@/lib/time/micros";
import type { Filter, RangePreset } from "./filter";

/**
 * Facts from the store that a filter needs to resolve: "last 24 h" counts back from the newest request,
 * not counting requests dated more than a day after they were received (lib/store/sqlite/request-flags.ts).
 */
export type QueryContext = { newestUs: number | null };

const RANGE_US: Record<RangePreset, number> = {
  "15m": 15 * 60e6,
  "1h": 3600e6,
  "24h": 24 * 3600e6,
  "7d": 7 * 24 * 3600e6,
};

/**
 * The absolute [from, to) a filter covers, in microseconds; null where unbounded. A relative range ends
 * just after the newest request, so requests dated past it (from the future) are not in "the last hour".
 */
export function resolveTimeRange(filter: Filter, ctx: QueryContext): { fromUs: number | null; toUs: number | null } {
  if (filter.range && ctx.newestUs !== null) return { fromUs: ctx.newestUs - RANGE_US[filter.range], toUs: ctx.newestUs + 1 };
  return {
    fromUs: filter.from ? parseMicros(filter.from) : null,
    toUs: filter.to ? parseMicros(filter.to) : null,
  };
}
