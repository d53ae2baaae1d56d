const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/**
 * Bucket sizes a person reads without arithmetic; up to a day each divides a day, so buckets align to UTC
 * midnight. Weeks and 30-day "months" only serve stores whose logs span years, where days would be thousands of bars.
 */
export const BUCKET_SIZES_MS = [
  SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND,
  MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE,
  HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY, 30 * DAY,
] as const;
const MAX_BARS = 200;

/**
 * The smallest readable bucket that keeps the chart at or under ~200 bars (or `maxBars`: a sparkline has
 * fewer). Past 30-day buckets (a typed range over centuries, say), whole days: the bar count stays bounded
 * whatever the URL asks for.
 */
export function chooseBucketMs(spanMs: number, maxBars = MAX_BARS): number {
  for (const size of BUCKET_SIZES_MS) if (spanMs / size <= maxBars) return size;
  return Math.ceil(spanMs / maxBars / DAY) * DAY;
}

/** The bars a chart of [fromUs, toUs) shows: bar i starts at originUs + i × bucketUs. */
export type TimelineFrame = { bucketMs: number; bucketUs: number; originUs: number; bars: number };

/** Bars aligned to their bucket size (so to UTC midnight up to a day), the first holding fromUs. */
export function timelineFrame(fromUs: number, toUs: number, maxBars = MAX_BARS): TimelineFrame {
  const bucketMs = chooseBucketMs((toUs - fromUs) / 1000, maxBars);
  const bucketUs = bucketMs * 1000;
  const originUs = Math.floor(fromUs / bucketUs) * bucketUs;
  return { bucketMs, bucketUs, originUs, bars: Math.ceil((toUs - originUs) / bucketUs) };
}
