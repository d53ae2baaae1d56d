import { FIELD_ALIASES, FIELD_NAMES, FIELDS, resolveField, type FieldName } from "@/lib/query/fields";
import { formatValue } from "@/lib/query/terms";

/** What the user is typing at the caret: a field name, or one value of a `field:` term. */
export type CaretToken =
  | { kind: "field"; start: number; end: number; prefix: string; negate: boolean }
  | { kind: "value"; field: FieldName; start: number; end: number; prefix: string; termStart: number; termEnd: number };

/** Start of the whitespace-separated piece that holds the caret, ignoring whitespace inside quotes. */
function pieceStart(q: string, caret: number): number {
  let start = 0;
  let inQuote = false;
  for (let i = 0; i < caret; i++) {
    const c = q[i]!;
    if (inQuote) {
      if (c === "\\") i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (/\s/.test(c) || c === "(" || c === ")") start = i + 1;
  }
  return start;
}

function pieceEnd(q: string, from: number): number {
  let i = from;
  while (i < q.length && !/[\s()]/.test(q[i]!)) i++;
  return i;
}

export function caretToken(q: string, caret: number): CaretToken | null {
  const start = pieceStart(q, caret);
  const end = pieceEnd(q, caret);
  const before = q.slice(start, caret);
  const negate = before.startsWith("-");
  const body = negate ? before.slice(1) : before;
  const colon = body.indexOf(":");
  if (colon < 0) {
    if (!/^([A-Za-z]\w*)?$/.test(body)) return null;
    return { kind: "field", start: start + (negate ? 1 : 0), end, prefix: body, negate };
  }
  const field = resolveField(body.slice(0, colon));
  if (!field) return null;
  const valueStart = start + (negate ? 1 : 0) + colon + 1;
  // Complete the last item of a list: verb:get,del| → "del".
  const lastComma = before.lastIndexOf(",");
  const itemStart = lastComma >= 0 && start + lastComma >= valueStart ? start + lastComma + 1 : valueStart;
  // A comparison stays when a value is accepted: code:>=4| → code:>=403.
  const op = /^(>=|<=|!=|>|<)/.exec(q.slice(itemStart, caret))?.[0] ?? "";
  const prefix = q.slice(itemStart + op.length, caret).replace(/^"/, "");
  return { kind: "value", field, start: itemStart + op.length, end, prefix, termStart: start, termEnd: end };
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
