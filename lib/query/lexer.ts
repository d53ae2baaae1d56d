import { QuerySyntaxError } from "./errors";

/**
 * One comma-separated piece of a field's value. `pattern` is the text with each wildcard `*` replaced by
 * WILDCARD, so that an escaped `\*` inside quotes stays a literal asterisk.
 */
export type ValuePart = { text: string; pattern: string; quoted: boolean; position: number };

export type Token =
  | { type: "lparen"; position: number }
  | { type: "rparen"; position: number }
  | { type: "or"; position: number }
  | { type: "not"; position: number }
  | { type: "field"; name: string; parts: ValuePart[]; position: number; valuePosition: number }
  | { type: "text"; text: string; quoted: boolean; position: number };

/** Stands for an unescaped `*` in ValuePart.pattern; cannot occur in a query (the lexer rejects it). */
export const WILDCARD = "\u0000";

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
/** Characters that end a bare word or value. */
const isBreak = (c: string | undefined) => c === undefined || isSpace(c) || c === "(" || c === ")";

/** Reads a "quoted string" starting at `start` (the opening quote); returns the text and the end index. */
function readQuoted(q: string, start: number): { text: string; pattern: string; end: number } {
  let text = "";
  let pattern = "";
  let i = start + 1;
  while (i < q.length) {
    const c = q[i]!;
    if (c === '"') return { text, pattern, end: i + 1 };
    if (c === "\\") {
      const next = q[i + 1];
      if (next === undefined) break;
      text += next;
      pattern += next;
      i += 2;
      continue;
    }
    text += c;
    pattern += c === "*" ? WILDCARD : c;
    i++;
  }
  throw new QuerySyntaxError("Unterminated quote: add a closing \"", start);
}

function readValue(q: string, start: number): { parts: ValuePart[]; end: number } {
  const parts: ValuePart[] = [];
  let i = start;
  for (;;) {
    const partStart = i;
    if (q[i] === '"') {
      const { text, pattern, end } = readQuoted(q, i);
      parts.push({ text, pattern, quoted: true, position: partStart });
      i = end;
      if (q[i] !== "," && !isBreak(q[i])) {
        throw new QuerySyntaxError("Unexpected character after a quoted value: separate terms with a space", i);
      }
    } else {
      let text = "";
      while (!isBreak(q[i]) && q[i] !== ",") {
        if (q[i] === '"') throw new QuerySyntaxError('A quote inside a value: quote the whole value, e.g. name:"a b"', i);
        text += q[i];
        i++;
      }
      if (text === "") {
        throw new QuerySyntaxError(parts.length === 0 ? "Empty value: write field:value" : "Empty value in a list: write a,b,c", partStart);
      }
      parts.push({ text, pattern: text.replaceAll("*", WILDCARD), quoted: false, position: partStart });
      if (q[i] === "(") throw new QuerySyntaxError('A parenthesis inside a value: quote the value, e.g. ua:"a (b)"', i);
    }
    if (q[i] !== ",") return { parts, end: i };
    i++;
  }
}

/** A bare word that starts with `name:` is a field term; `name` must look like a field name. */
const FIELD_PREFIX = /^[A-Za-z][A-Za-z0-9_]*:/;

export function tokenize(q: string): Token[] {
  if (q.includes(WILDCARD)) throw new QuerySyntaxError("Unexpected control character", q.indexOf(WILDCARD));
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === "(") {
      tokens.push({ type: "lparen", position: i++ });
      continue;
    }
    if (c === ")") {
      tokens.push({ type: "rparen", position: i++ });
      continue;
    }
    if (c === "-") {
      if (isBreak(q[i + 1]) && q[i + 1] !== "(") throw new QuerySyntaxError("Nothing to exclude after -", i);
      tokens.push({ type: "not", position: i++ });
      continue;
    }
    if (c === '"') {
      const { text, end } = readQuoted(q, i);
      tokens.push({ type: "text", text, quoted: true, position: i });
      i = end;
      if (!isBreak(q[i])) throw new QuerySyntaxError("Unexpected character after a quoted phrase: separate terms with a space", i);
      continue;
    }
    const m = FIELD_PREFIX.exec(q.slice(i, i + 64));
    if (m) {
      const valuePosition = i + m[0].length;
      const { parts, end } = readValue(q, valuePosition);
      tokens.push({ type: "field", name: m[0].slice(0, -1), parts, position: i, valuePosition });
      i = end;
      continue;
    }
    let word = "";
    const start = i;
    while (!isBreak(q[i])) {
      if (q[i] === '"') throw new QuerySyntaxError("A quote inside a word: put a space before the quoted phrase", i);
      word += q[i];
      i++;
    }
    if (q[i] === "(" && word !== "OR") throw new QuerySyntaxError('A parenthesis inside a word: add a space before (, or quote the text', i);
    tokens.push(word === "OR" ? { type: "or", position: start } : { type: "text", text: word, quoted: false, position: start });
  }
  return tokens;
}
