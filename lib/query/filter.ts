import { z } from "zod";
import { formatMicros, parseMicros } from "@/lib/time/micros";
import { decodeCursor, decodeLatencyCursor } from "./cursor";
import { readParams, throwFirst, wholeNumber, type ParamIssue, type RawParams } from "./params";

export type { ParamIssue, RawParams };

const MAX_LIST = 2000;
const list = z
  .string()
  .max(MAX_LIST, `longer than ${MAX_LIST} characters: narrow the list, or use the query language`)
  .transform((s) => [...new Set(s.split(",").map((v) => v.trim()).filter(Boolean))].sort())
  .refine((l) => l.length > 0, "no values: give one or more, separated by commas");

const STATUS = /^\d{3}$/;
const codeList = z
  .string()
  .max(200, "longer than 200 characters")
  .transform((s, ctx) => {
    const values = s.split(",").map((v) => v.trim()).filter(Boolean);
    const bad = values.find((v) => !STATUS.test(v));
    if (bad !== undefined) ctx.addIssue({ code: "custom", message: `"${bad}" is not a status code: codes are three digits, such as 404` });
    if (values.length === 0) ctx.addIssue({ code: "custom", message: "no values: give one or more status codes, separated by commas" });
    return [...new Set(values.map(Number))].sort((a, b) => a - b);
  });

const NOT_A_TIME = "not a time: use YYYY-MM-DD or ISO 8601, such as 2024-05-10T14:00:00Z";

/**
 * A point in time as UTC ISO 8601. A time without an offset is UTC (the dashboard shows UTC; the server's
 * own zone must not matter), and sub-millisecond digits survive: audit timestamps carry microseconds.
 */
const instant = z.iso
  .datetime({ offset: true, local: true, error: NOT_A_TIME })
  .or(z.iso.date({ error: NOT_A_TIME }))
  .transform((s, ctx) => {
    let t = /^\d{4}-\d\d-\d\d$/.test(s) ? `${s}T00:00:00` : s;
    if (!/(Z|[+-]\d\d:?\d\d)$/i.test(t)) t += "Z";
    t = t.replace(/T(\d\d:\d\d)(?=Z|[+-])/i, "T$1:00");
    const us = parseMicros(t);
    if (!Number.isNaN(us)) return us % 1000 === 0 ? new Date(us / 1000).toISOString() : formatMicros(us);
    const ms = Date.parse(t);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: "custom", message: NOT_A_TIME });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

export const RANGE_PRESETS = ["15m", "1h", "24h", "7d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/**
 * The filter state of a view. One schema serves the page URL, the JSON API, export, snapshots and saved
 * views. Each key is optional; a value that cannot be applied is an error naming its key (readFilter),
 * never dropped: a dropped filter would answer for the whole store. (The query language in `q` is parsed
 * separately, so that a syntax error can be shown with its position.)
 */
export const filterSchema = z.object({
  /** The query language (lib/query/parse.ts). */
  q: z.string().trim().max(2000, "longer than 2000 characters").optional(),
  /**
   * "Last N", counted back from the newest event in the store (uploaded logs are often old), leaving out
   * events dated more than a day after Auditlens received them; absent = all data.
   */
  range: z.enum(RANGE_PRESETS, { error: `one of ${RANGE_PRESETS.join(", ")}` }).optional(),
  /** "hide" drops system noise (NOISE in parse-filter.ts): reads made as system:* identities, with exceptions. */
  noise: z.literal("hide", { error: 'only "hide" (leave it out to show everything)' }).optional(),
  cluster: list.optional(),
  user: list.optional(),
  verb: list.optional(),
  resource: list.optional(),
  namespace: list.optional(),
  code: codeList.optional(),
  from: instant.optional(),
  to: instant.optional(),
});
export type Filter = z.infer<typeof filterSchema>;

/** Filter keys whose repeated values join into one list (`verb=get&verb=list`). */
const LIST_KEYS = new Set(["cluster", "user", "verb", "resource", "namespace", "code"]);

/** A filter with its invalid keys left out, and what was wrong with them. */
export function readFilter(params: RawParams): { filter: Filter; issues: ParamIssue[] } {
  const { values, issues } = readParams(filterSchema.shape, params, LIST_KEYS);
  const filter = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Filter;
  // Both would be a silent choice between them: the UI never sends both.
  if (filter.range && (filter.from || filter.to)) {
    issues.push({ parameter: "range", message: "range cannot be combined with from or to: give a preset or a window, not both" });
    delete filter.range;
  }
  if (filter.from && filter.to && parseMicros(filter.from) >= parseMicros(filter.to)) {
    issues.push({ parameter: "to", message: `to must be after from (${filter.from})` });
    delete filter.to;
  }
  return { filter, issues };
}

/** The filter of a URL or API call; throws InvalidParameterError naming the first key that cannot be applied. */
export function filterFromParams(params: RawParams): Filter {
  const { filter, issues } = readFilter(params);
  throwFirst(issues);
  return filter;
}

export const DEFAULT_LIMIT = 50;

export const pageParamsSchema = z.object({
  limit: wholeNumber(1, 1000, DEFAULT_LIMIT),
  cursor: z
    .string()
    .max(200, "not a cursor this server handed out")
    .refine((c) => decodeCursor(c) !== null || decodeLatencyCursor(c) !== null, "not a cursor this server handed out: drop it to start at the first page")
    .optional(),
});
export type PageParams = z.infer<typeof pageParamsSchema>;

export function readPageParams(params: RawParams): { page: PageParams; issues: ParamIssue[] } {
  const { values, issues } = readParams(pageParamsSchema.shape, params);
  return { page: values, issues };
}

export function parsePageParams(params: RawParams): PageParams {
  const { page, issues } = readPageParams(params);
  throwFirst(issues);
  return page;
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
