/** Plain JSON as a logged body holds it: narrowing helpers for unknown values. */

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** The value at a path of object keys, or undefined where the path breaks off. */
export function at(value: unknown, ...path: string[]): unknown {
  let cur = value;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** The strings of a list (other items skipped); [] when it is not a list. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
