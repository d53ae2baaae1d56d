/**
 * Building query-language terms from UI actions (a breakdown entry's "filter to" / "exclude", a link from
 * the request page). Pure and client-safe: no parser import, so client bundles stay small.
 *
 * A term is `field:value` or `-field:value`. formatTerm quotes a value whenever the bare form would mean
 * something else (spaces, commas = a list, quotes, parentheses, a leading comparison operator, `*` = a
 * wildcard), so the term matches exactly that value. An empty value becomes `field:""`, which matches
 * requests where the field is absent (e.g. cluster-scoped requests have no namespace).
 */

/** Characters that make a bare value mean something other than itself. */
const NEEDS_QUOTES = /[\s,"()\\*]|^[<>!=]/;

/** The value as the query language writes it: bare when that is unambiguous, else quoted with escapes. */
export function formatValue(value: string): string {
  if (value !== "" && !NEEDS_QUOTES.test(value) && value !== "OR") return value;
  return `"${value.replace(/[\\"*]/g, (c) => `\\${c}`)}"`;
}

/** `field:value`, or `-field:value` to exclude it; the value matches exactly (no list, wildcard or comparison). */
export function formatTerm(field: string, value: string, negate = false): string {
  return `${negate ? "-" : ""}${field}:${formatValue(value)}`;
}

/**
 * Splits a query into its whitespace-separated top-level pieces, keeping quoted values and parenthesised
 * groups whole. Not a parser: a malformed query still splits, so add/remove work while the user is typing.
 */
export function splitTerms(q: string): string[] {
  const out: string[] = [];
  let cur = "";
  let depth = 0;
  let inQuote = false;
  for (let i = 0; i < q.length; i++) {
    const c = q[i]!;
    if (inQuote) {
      cur += c;
      if (c === "\\" && i + 1 < q.length) cur += q[++i]!;
      else if (c === '"') inQuote = false;
      continue;
    }
    if (c === '"') inQuote = true;
    else if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (/\s/.test(c) && depth === 0) {
      if (cur) out.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

function negationOf(term: string): string {
  return term.startsWith("-") ? term.slice(1) : `-${term}`;
}

/**
 * Adds a term to a query (ANDed). Already present → unchanged; its opposite present (`-x` when adding `x`)
 * → replaced. A query with a top-level OR is parenthesised first, since AND binds tighter than OR.
 */
export function addTerm(q: string, term: string): string {
  const pieces = splitTerms(q);
  if (pieces.includes(term)) return pieces.join(" ");
  const opposite = negationOf(term);
  const kept = pieces.filter((p) => p !== opposite);
  const base = kept.includes("OR") ? [`(${kept.join(" ")})`] : kept;
  return [...base, term].join(" ");
}

/** Removes every top-level occurrence of a term (and an OR left dangling by it). */
export function removeTerm(q: string, term: string): string {
  const kept = splitTerms(q).filter((p) => p !== term);
  // Drop ORs that no longer sit between two terms.
  const out: string[] = [];
  for (const p of kept) {
    if (p === "OR" && (out.length === 0 || out[out.length - 1] === "OR")) continue;
    out.push(p);
  }
  while (out[out.length - 1] === "OR") out.pop();
  return out.join(" ");
}

/** True when the query holds this exact term at top level (e.g. to show a breakdown entry as active). */
export function hasTerm(q: string, term: string): boolean {
  return splitTerms(q).includes(term);
}
