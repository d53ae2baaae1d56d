import { z } from "zod";

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
  .max(500)
  .transform((s) => s.split(",").filter((c): c is RequestColumn => (REQUEST_COLUMNS as readonly string[]).includes(c)))
  .refine((l) => l.length > 0);

/**
 * How a view shows its requests, as opposed to which requests (filter.ts). Lives in the URL too; each key
 * is left out at its default so that equal views have equal links.
 */
export const viewSchema = z.object({
  /** Timeline stacking: verb class (read/write/delete), code class (2xx…5xx) or top users. */
  stack: z.enum(STACK_BY).catch("verb"),
  sort: z.enum(SORT_BY).catch("time"),
  cols: columnList.optional().catch(undefined),
  /** "1" while the Live toggle is on: the page refreshes itself and the range follows the newest events. */
  live: z.literal("1").optional().catch(undefined),
});
export type View = z.infer<typeof viewSchema>;
export const DEFAULT_VIEW: View = { stack: "verb", sort: "time", cols: undefined, live: undefined };
