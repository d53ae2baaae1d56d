import { FIELD_ALIASES, FIELD_NAMES, FIELDS, resolveField, type FieldName } from "@/lib/query/fields";
import { lex, type Token } from "@/lib/query/lexer";
import { formatValue } from "@/lib/query/terms";

type FieldToken = Extract<Token, { type: "field" }>;

/** What the user is typing at the caret: a field name, or one value of a `field:` term. */
export type CaretToken =
  | { kind: "field"; start: number; end: number; prefix: string; negate: boolean }
  | { kind: "value"; field: FieldName; start: number; end: number; prefix: string; termStart: number; termEnd: number };

/**
 * The tokens of the piece that holds the caret: the tokens touching it with no whitespace or parenthesis
 * between them (a `-` and its term). Empty when the caret sits between pieces.
 */
function pieceAt(tokens: Token[], caret: number): Token[] {
  let piece: Token[] = [];
  for (const t of tokens) {
    const last = piece[piece.length - 1];
    const paren = t.type === "lparen" || t.type === "rparen";
    if (last && last.end === t.position && !paren) piece.push(t);
    else if ((last && last.end >= caret) || t.position > caret) break;
    else piece = paren ? [] : [t];
  }
  return piece.length > 0 && piece[piece.length - 1]!.end >= caret ? piece : [];
}

/** The value being typed in a field term: the list item that holds the caret. */
function valueAt(q: string, caret: number, term: FieldToken, termStart: number, termEnd: number): CaretToken | null {
  const field = resolveField(term.name);
  if (!field) return null;
  const item = term.parts.findLast((p) => p.position <= caret) ?? term.parts[0]!;
  // A comparison stays when a value is accepted: code:>=4| → code:>=403.
  const op = /^(>=|<=|!=|>|<)/.exec(q.slice(item.position, caret))?.[0] ?? "";
  const prefix = q.slice(item.position + op.length, caret).replace(/^"/, "");
  return { kind: "value", field, start: item.position + op.length, end: termEnd, prefix, termStart, termEnd };
}

export function caretToken(q: string, caret: number): CaretToken | null {
  const piece = pieceAt(lex(q).tokens, caret);
  const start = piece[0]?.position ?? caret;
  const end = piece[piece.length - 1]?.end ?? caret;
  const negate = piece[0]?.type === "not" && caret > start;
  const word = piece[negate ? 1 : 0];
  if (word?.type === "field" && caret >= word.valuePosition) return valueAt(q, caret, word, start, end);
  const nameStart = start + (negate ? 1 : 0);
  const prefix = q.slice(nameStart, caret);
  if (!/^([A-Za-z]\w*)?$/.test(prefix)) return null;
  return { kind: "field", start: nameStart, end, prefix, negate };
}

export type FieldOption = { name: string; hint: string };

/** Field names for a typed prefix; an exact name still shows, so Tab adds its colon. */
export function fieldOptions(prefix: string): FieldOption[] {
  const lower = prefix.toLowerCase();
  const names = [...FIELD_NAMES, ...Object.keys(FIELD_ALIASES)];
  return names
    .filter((n) => n.startsWith(lower))
    .map((n) => ({ name: n, hint: FIELDS[resolveField(n)!].hint }));
}

/** The query with the token replaced by an accepted suggestion; returns the new text and caret. */
export function acceptSuggestion(q: string, token: CaretToken, value: string): { text: string; caret: number } {
  if (token.kind === "field") {
    const head = `${q.slice(0, token.start)}${value}:`;
    return { text: head + q.slice(token.end), caret: head.length };
  }
  const head = `${q.slice(0, token.start)}${formatValue(value)} `;
  return { text: head + q.slice(token.end).replace(/^\s+/, ""), caret: head.length };
}

/** The query without the term being edited: suggestions are counted against the rest of the query. */
export function queryWithout(q: string, token: CaretToken): string {
  const from = token.kind === "value" ? token.termStart : token.start - (token.negate ? 1 : 0);
  const to = token.kind === "value" ? token.termEnd : token.end;
  return (q.slice(0, from) + q.slice(to)).replace(/\s+/g, " ").trim();
}
