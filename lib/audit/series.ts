import { formatMicros } from "@/lib/time/micros";
import type { TimelineFrame } from "./timeline";

/** The verbs of each named verb class; every other verb is "other". */
export const VERB_CLASSES = {
  read: ["get", "list", "watch"],
  write: ["create", "update", "patch"],
  delete: ["delete", "deletecollection"],
} as const satisfies Record<string, readonly string[]>;

const READ = new Set<string>(VERB_CLASSES.read);
const WRITE = new Set<string>(VERB_CLASSES.write);
const DELETE = new Set<string>(VERB_CLASSES.delete);

/** The series a verb stacks in: reads, writes, deletes, and the rest (proxy, impersonate, custom verbs…). */
export function verbClass(verb: string | undefined): string {
  if (verb === undefined) return "other";
  if (READ.has(verb)) return "read";
  if (WRITE.has(verb)) return "write";
  if (DELETE.has(verb)) return "delete";
  return "other";
}

/** The series a status code stacks in: its class, or "none" for a request that got no response. */
export function codeClass(code: number | null): string {
  return code === null ? "none" : `${Math.floor(code / 100)}xx`;
}

/** Bottom to top, as the chart stacks them. */
export const SERIES_ORDER: Readonly<Record<"verb" | "code", readonly string[]>> = {
  verb: ["read", "write", "delete", "other"],
  code: ["1xx", "2xx", "3xx", "4xx", "5xx", "none"],
};

/** Users a chart stacked by user shows on their own; the rest are one "other" series. */
export const TOP_USERS = 5;
const OTHER = "other";

// A user literally named "t" or "count" would overwrite the bar's own keys; one named "other", the rest.
const RENAMED = new Set(["t", "count", OTHER]);
const RENAMED_SUFFIX = " (user)";

function userSeriesLabel(name: string): string {
  return RENAMED.has(name) ? `${name}${RENAMED_SUFFIX}` : name;
}

/** The user a series of a chart stacked by user stands for; null for "other". */
export function userOfSeries(series: string): string | null {
  if (series === OTHER) return null;
  const base = series.endsWith(RENAMED_SUFFIX) ? series.slice(0, -RENAMED_SUFFIX.length) : series;
  return RENAMED.has(base) ? base : series;
}

/**
 * The series of a chart stacked by user, given the users with the most requests, most first: the first
 * TOP_USERS have one each, in that order, then "other" for everyone else and requests without a user.
 */
export function userSeries(topUsers: readonly string[]): { order: string[]; of: (user: string | undefined) => string } {
  const top = topUsers.slice(0, TOP_USERS);
  const topSet = new Set(top);
  return {
    order: [...top.map(userSeriesLabel), OTHER],
    of: (user) => (user !== undefined && topSet.has(user) ? userSeriesLabel(user) : OTHER),
  };
}

/** One bar of a stacked chart: its start time, its count, and the count of each series. */
export type StackedBar = { t: string; count: number } & Record<string, number | string>;

/**
 * Stacked bars from counts per (bar `b`, series): the series listed in `order` that counted anything, and
 * every bar carrying every one of them, so a stacked chart never meets an undefined segment.
 */
export function stackBars<C extends { b: number; n: number }>(
  frame: TimelineFrame,
  cells: readonly C[],
  seriesOf: (cell: C) => string,
  order: readonly string[],
): { series: string[]; bars: StackedBar[] } {
  const totals = new Map<string, number>();
  const bars: StackedBar[] = Array.from({ length: frame.bars }, (_, i) => ({ t: formatMicros(frame.originUs + i * frame.bucketUs), count: 0 }));
  for (const c of cells) {
    const bar = bars[c.b];
    if (!bar) continue;
    const name = seriesOf(c);
    bar.count += c.n;
    bar[name] = ((bar[name] as number | undefined) ?? 0) + c.n;
    totals.set(name, (totals.get(name) ?? 0) + c.n);
  }
  const series = order.filter((s) => (totals.get(s) ?? 0) > 0);
  for (const b of bars) for (const s of series) b[s] ??= 0;
  return { series, bars };
}
