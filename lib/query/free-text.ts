import { SEPARATOR_EXCEPTIONS } from "./unicode61-categories";
import { foldCodePoint, isDiacritic } from "./unicode61";

/**
 * Free text as the SQLite backend searches it (FTS5, unicode61 remove_diacritics 2): texts and queries
 * become lists of folded tokens, and a query matches a text holding its tokens in a row.
 */

/**
 * SQLite's category table is of an older Unicode than JavaScript's: letters assigned since count as
 * token characters there (it treats every unassigned code point so), and the exceptions list the rest.
 */
const SEPARATOR = /[\p{Cc}\p{Cf}\p{Cs}\p{M}\p{P}\p{S}\p{Z}]/u;

function inExceptions(c: number): boolean {
  let lo = 0;
  let hi = SEPARATOR_EXCEPTIONS.length / 2 - 1;
  while (hi >= lo) {
    const mid = (lo + hi) >> 1;
    if (c < SEPARATOR_EXCEPTIONS[mid * 2]!) hi = mid - 1;
    else if (c > SEPARATOR_EXCEPTIONS[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

function isTokenChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  // A lone surrogate reaches SQLite as U+FFFD, a symbol.
  if (c >= 0xd800 && c < 0xe000) return false;
  return SEPARATOR.test(String.fromCodePoint(c)) === inExceptions(c);
}

/** The tokens FTS5 stores for a text: runs of token characters, folded; a diacritic continues a token but never starts one. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let token: number[] | null = null;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (isTokenChar(c) || (token !== null && isDiacritic(c))) {
      token ??= [];
      const folded = foldCodePoint(c);
      if (folded !== 0) token.push(folded);
    } else if (token !== null) {
      tokens.push(String.fromCodePoint(...token));
      token = null;
    }
  }
  if (token !== null) tokens.push(String.fromCodePoint(...token));
  return tokens;
}

/** A free-text node of the tree, tokenized once: its tokens in order, the last prefix-matched unless a phrase. */
export type TextQuery = { tokens: string[]; prefix: boolean };

export function textQuery(text: string, phrase: boolean): TextQuery {
  return { tokens: tokenize(text), prefix: !phrase };
}

/** Whether a text's tokens hold the query's in a row; a query with no tokens matches nothing, as in FTS5. */
export function holdsPhrase(tokens: readonly string[], q: TextQuery): boolean {
  const n = q.tokens.length;
  if (n === 0) return false;
  const last = n - 1;
  for (let start = 0; start + n <= tokens.length; start++) {
    let i = 0;
    for (; i < last; i++) if (tokens[start + i] !== q.tokens[i]) break;
    if (i < last) continue;
    const t = tokens[start + last]!;
    if (q.prefix ? t.startsWith(q.tokens[last]!) : t === q.tokens[last]) return true;
  }
  return false;
}
