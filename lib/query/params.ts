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
): { input: Record<string, string>; values: { [K in keyof S]: z.output<S[K]> }; issues: ParamIssue[] } {
  const input: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const issues: ParamIssue[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const given = valuesOf(params, key).filter((v) => v.trim() !== "");
    if (given.length > 1 && !lists.has(key)) {
      issues.push({ parameter: key, message: `${key} is given ${given.length} times: give it once` });
      continue;
    }
    const raw = given.length === 0 ? undefined : given.join(",");
    const parsed = schema.safeParse(raw);
    if (parsed.success) {
      if (raw !== undefined) input[key] = raw;
      values[key] = parsed.data;
    } else {
      issues.push({ parameter: key, message: `${key}: ${parsed.error.issues[0]?.message ?? "invalid value"}` });
      // The key's value when absent (its default), so a page can still draw its controls around the error.
      const fallback = schema.safeParse(undefined);
      values[key] = fallback.success ? fallback.data : undefined;
    }
  }
  return { input, values: values as { [K in keyof S]: z.output<S[K]> }, issues };
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
