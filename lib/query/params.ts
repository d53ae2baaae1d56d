import { z } from "zod";
import { InvalidParameterError } from "./errors";

/** Search params as a page receives them (Next's object) or as a route handler does (URLSearchParams). */
export type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

/** A parameter that cannot be applied, and why, in words a user can act on. */
export type ParamIssue = { parameter: string; message: string };

/** Every value given for `key`, in order. Own keys only: `?constructor=` must not reach Object.prototype. */
export function valuesOf(params: RawParams, key: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(key);
  if (!Object.hasOwn(params, key)) return [];
  const v = params[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

type Shape = Record<string, z.ZodType>;

/**
 * Reads the keys of `shape` from search params, each on its own: a valid value is kept, an invalid one is
 * reported, never replaced by a default. An empty value is an absent one (a form's empty field). A key
 * given twice is an error unless it is a list, whose values then join (`verb=get&verb=list`).
 */
export function readParams<S extends Shape>(
  shape: S,
  params: RawParams,
  lists: ReadonlySet<string> = new Set(),
): { values: { [K in keyof S]: z.output<S[K]> }; issues: ParamIssue[] } {
  const values: Record<string, unknown> = {};
  const issues: ParamIssue[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const given = valuesOf(params, key).filter((v) => v.trim() !== "");
    const parsed =
      given.length > 1 && !lists.has(key) ? null : schema.safeParse(given.length === 0 ? undefined : given.join(","));
    if (parsed?.success) {
      values[key] = parsed.data;
      continue;
    }
    issues.push({
      parameter: key,
      message: parsed ? `${key}: ${parsed.error.issues[0]?.message ?? "invalid value"}` : `${key} is given ${given.length} times: give it once`,
    });
    // The key's value when absent (its default), so a page can still draw its controls around the error.
    const fallback = schema.safeParse(undefined);
    values[key] = fallback.success ? fallback.data : undefined;
  }
  return { values: values as { [K in keyof S]: z.output<S[K]> }, issues };
}

/** Throws the first issue as an InvalidParameterError: what the API and export answer 400 with. */
export function throwFirst(issues: ParamIssue[]): void {
  const first = issues[0];
  if (first) throw new InvalidParameterError(first.parameter, first.message);
}

/** A count parameter (`limit`, `facetLimit`): digits only, from `min` to `max`; absent = `fallback`. */
export function wholeNumber(min: number, max: number, fallback: number) {
  const message = `a whole number from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message))
    .default(fallback);
}
