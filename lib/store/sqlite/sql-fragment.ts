/** A piece of SQL with its bound parameters, in order: values never enter the text. */
export type SqlFragment = { sql: string; params: (string | number | Uint8Array)[] };

export const sql = (text: string, ...params: (string | number | Uint8Array)[]): SqlFragment => ({ sql: text, params });

export function and(parts: SqlFragment[]): SqlFragment {
  if (parts.length === 0) return sql("1");
  if (parts.length === 1) return parts[0]!;
  return { sql: parts.map((p) => `(${p.sql})`).join(" AND "), params: parts.flatMap((p) => p.params) };
}

export function or(parts: SqlFragment[]): SqlFragment {
  if (parts.length === 0) return sql("0");
  if (parts.length === 1) return parts[0]!;
  return { sql: parts.map((p) => `(${p.sql})`).join(" OR "), params: parts.flatMap((p) => p.params) };
}

/** NOT that holds where `inner` is NULL too: a term on an absent field does not hold, so its negation does. */
export function not(inner: SqlFragment): SqlFragment {
  return { sql: `NOT coalesce((${inner.sql}), 0)`, params: inner.params };
}
