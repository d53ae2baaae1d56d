import { z } from "zod";
import { readParams, throwFirst, type ParamIssue, type RawParams } from "./params";

/** Columns of the requests table, in their default order. */
export const REQUEST_COLUMNS = ["time", "user", "verb", "resource", "object", "code", "latency", "sourceIP", "userAgent"] as const;
export type RequestColumn = (typeof REQUEST_COLUMNS)[number];
export const DEFAULT_COLUMNS: RequestColumn[] = ["time", "user", "verb", "resource", "object", "code", "latency"];

export const STACK_BY = ["verb", "code", "user"] as const;
export type StackBy = (typeof STACK_BY)[number];

export const SORT_BY = ["time", "latency"] as const;
export type SortBy = (typeof SORT_BY)[number];

const columnList = z
  .string()
  .max(500, "longer than 500 characters")
  .transform((s, ctx) => {
    const cols = [...new Set(s.split(",").map((c) => c.trim()).filter(Boolean))];
    const unknown = cols.find((c) => !(REQUEST_COLUMNS as readonly string[]).includes(c));
    if (unknown !== undefined) ctx.addIssue({ code: "custom", message: `no column "${unknown}": columns are ${REQUEST_COLUMNS.join(", ")}` });
    if (cols.length === 0) ctx.addIssue({ code: "custom", message: "no columns: give one or more, separated by commas" });
    return cols as RequestColumn[];
  });

/**
 * How a view shows its requests, as opposed to which requests (filter.ts). Lives in the URL too; each key
 * is left out at its default so that equal views have equal links. An absent key takes its default; a
 * value that is not one of the choices is an error naming the key (readView), never the default.
 */
export const viewSchema = z.object({
  /** Timeline stacking: verb class (read/write/delete), code class (2xx…5xx) or top users. */
  stack: z.enum(STACK_BY, { error: `one of ${STACK_BY.join(", ")}` }).default("verb"),
  sort: z.enum(SORT_BY, { error: `one of ${SORT_BY.join(", ")}` }).default("time"),
  cols: columnList.optional(),
  /** "1" while the Live toggle is on: the page refreshes itself and the range follows the newest events. */
  live: z.literal("1", { error: '"1" while Live is on (leave it out otherwise)' }).optional(),
});
export type View = z.infer<typeof viewSchema>;
export const DEFAULT_VIEW: View = { stack: "verb", sort: "time", cols: undefined, live: undefined };

/** A view with its invalid keys at their defaults, and what was wrong with them. */
export function readView(params: RawParams): { view: View; issues: ParamIssue[] } {
  const { values, issues } = readParams(viewSchema.shape, params);
  return { view: values, issues };
}

/** The view of a URL or API call; throws InvalidParameterError naming the first key that is not valid. */
export function parseView(params: RawParams): View {
  const { view, issues } = readView(params);
  throwFirst(issues);
  return view;
}
