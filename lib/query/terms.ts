/**
 * Building query-language terms from UI actions (a breakdown entry's "filter to" / "exclude", a link from
 * the request page). Pure and client-safe: no parser import, so client bundles stay small.
 *
 * A term is `field:value` or `-field:value`. formatTerm quotes a value whenever the bare form would mean
 * something else (spaces, commas = a list, quotes, parentheses, a leading comparison operator, `*` = a
 * wildcard), so the term matches exactly that value. An empty value becomes `field:""`, which matches
 * requests where the field is absent (e.g. cluster-scoped requests have no namespace).
 */

import { lex } from "./lexer";

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
 * groups whole. Not a parser: the lexer never throws, so add/remove work while the user is typing.
 */
export function splitTerms(q: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let end = 0;
  for (const t of lex(q).tokens) {
    if (start < 0) start = t.position;
    else if (depth === 0 && t.position > end) {
      out.push(q.slice(start, end));
      start = t.position;
    }
    end = t.end;
    if (t.type === "lparen") depth++;
    else if (t.type === "rparen") depth = Math.max(0, depth - 1);
  }
  // A group left open holds the rest of the query, its trailing whitespace included.
  if (start >= 0) out.push(q.slice(start, depth > 0 ? q.length : end));
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
