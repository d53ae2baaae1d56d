import { z } from "zod";
import { formatMicros, parseMicros } from "@/lib/time/micros";

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const list = z
  .string()
  .max(2000)
  .transform((s) => [...new Set(s.split(",").map((v) => v.trim()).filter(Boolean))].sort());
const nonEmptyList = list.refine((l) => l.length > 0).transform((l) => l);

/**
 * A point in time as UTC ISO 8601. A time without an offset is UTC (the dashboard shows UTC; the server's
 * own zone must not matter), and sub-millisecond digits survive: audit timestamps carry microseconds.
 */
const instant = z.iso
  .datetime({ offset: true, local: true })
  .or(z.iso.date())
  .transform((s) => {
    let t = /^\d{4}-\d\d-\d\d$/.test(s) ? `${s}T00:00:00` : s;
    if (!/(Z|[+-]\d\d:?\d\d)$/i.test(t)) t += "Z";
    t = t.replace(/T(\d\d:\d\d)(?=Z|[+-])/i, "T$1:00");
    const us = parseMicros(t);
    if (Number.isNaN(us)) return new Date(t).toISOString();
    return us % 1000 === 0 ? new Date(us / 1000).toISOString() : formatMicros(us);
  });

export const RANGE_PRESETS = ["15m", "1h", "24h", "7d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/**
 * The filter state of a view. One schema serves the page URL, the JSON API, export, snapshots and saved
 * views; a malformed value is dropped rather than failing the page. (The query language in `q` is parsed
 * separately, so that a syntax error can be shown with its position instead of being dropped.)
 */
export const filterSchema = z.object({
  /** The query language (lib/query/parse.ts). */
  q: lenient(z.string().trim().max(2000).refine((s) => s.length > 0)),
  /** "Last N", relative to the newest event in the store (uploaded logs are often old); absent = all data. */
  range: lenient(z.enum(RANGE_PRESETS)),
  /** "hide" drops system noise: system: users, nodes, controllers, and read-only verbs. */
  noise: lenient(z.literal("hide")),
  cluster: lenient(nonEmptyList),
  user: lenient(nonEmptyList),
  verb: lenient(nonEmptyList),
  resource: lenient(nonEmptyList),
  namespace: lenient(nonEmptyList),
  code: lenient(
    z
      .string()
      .max(200)
      .transform((s) => s.split(",").map((v) => Number(v.trim())).filter((n) => Number.isInteger(n) && n >= 0 && n < 1000))
      .refine((l) => l.length > 0),
  ),
  from: lenient(instant),
  to: lenient(instant),
});
export type Filter = z.infer<typeof filterSchema>;

export const pageParamsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).catch(50),
  cursor: lenient(z.string().max(200)),
});
export type PageParams = z.infer<typeof pageParamsSchema>;

type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

function flatten(params: RawParams): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.join(",") : v;
  }
  return out;
}

export function parseFilter(params: RawParams): Filter {
  return filterSchema.parse(flatten(params));
}

export function parsePageParams(params: RawParams): PageParams {
  return pageParamsSchema.parse(flatten(params));
}

/** Canonical query string of a filter: defaults left out, keys sorted, so equal views have equal links. */
export function filterToSearch(filter: Filter, extra: Record<string, string | undefined> = {}): string {
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined) continue;
    pairs.push([k, Array.isArray(v) ? v.join(",") : String(v)]);
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") pairs.push([k, v]);
  pairs.sort(([a], [b]) => a.localeCompare(b));
  return new URLSearchParams(pairs).toString();
}
