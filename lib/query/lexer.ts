/**
 * The query language's one lexer. It serves the parser, the breakdown links (terms.ts) and the search
 * box's completion (caret-token.ts), so it never throws: a half-typed query still has tokens, and what
 * is malformed is listed as problems for the parser to report. Dependency-free, so client code can use it.
 *
 * Every token keeps where it starts (`position`) and ends (`end`, exclusive). Tokens come in order and
 * do not overlap, and only whitespace lies between them; a quote left open runs to the end of the query.
 */

/**
 * One comma-separated piece of a field's value. `pattern` is the text with each wildcard `*` replaced by
 * WILDCARD, so that an escaped `\*` inside quotes stays a literal asterisk.
 */
export type ValuePart = { text: string; pattern: string; quoted: boolean; position: number; end: number };

export type Token =
  | { type: "lparen"; position: number; end: number }
  | { type: "rparen"; position: number; end: number }
  | { type: "or"; position: number; end: number }
  | { type: "not"; position: number; end: number }
  | { type: "field"; name: string; parts: ValuePart[]; position: number; valuePosition: number; end: number }
  | { type: "text"; text: string; quoted: boolean; position: number; end: number };

/** Something malformed, in the words shown to the user, at the 0-based offset where it starts. */
export type LexProblem = { message: string; position: number };

export type Lexed = { tokens: Token[]; problems: LexProblem[] };

/** Stands for an unescaped `*` in ValuePart.pattern; cannot occur in a query (the lexer reports it). */
export const WILDCARD = "\u0000";

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
/** Characters that end a bare word or value. */
const isBreak = (c: string | undefined) => c === undefined || isSpace(c) || c === "(" || c === ")";

/** The problems of a free-text word and of a field's value differ only in how they are worded. */
type Wording = { quoteInside: string; afterQuote: string; paren: string };

const WORD: Wording = {
  quoteInside: "A quote inside a word: put a space before the quoted phrase",
  afterQuote: "Unexpected character after a quoted phrase: separate terms with a space",
  paren: "A parenthesis inside a word: add a space before (, or quote the text",
};

const VALUE: Wording = {
  quoteInside: 'A quote inside a value: quote the whole value, e.g. name:"a b"',
  afterQuote: "Unexpected character after a quoted value: separate terms with a space",
  paren: 'A parenthesis inside a value: quote the value, e.g. ua:"a (b)"',
};

type Chunk = { text: string; pattern: string; quoted: boolean; end: number; endsBare: boolean };

/**
 * Reads a word or one value of a list: bare characters and "quoted" sections up to a break (or a comma,
 * in a value). A quote in the middle is a problem but still opens a section, so the token keeps the
 * quoted spaces: that is how the user meant it, and how a breakdown link must not split it.
 */
function readChunk(q: string, start: number, inValue: boolean, problems: LexProblem[]): Chunk {
  const wording = inValue ? VALUE : WORD;
  const ends = (c: string | undefined) => isBreak(c) || (inValue && c === ",");
  let text = "";
  let pattern = "";
  let i = start;
  let endsBare = false;
  while (!ends(q[i])) {
    const c = q[i]!;
    if (c !== '"') {
      text += c;
      pattern += c === "*" ? WILDCARD : c;
      endsBare = true;
      i++;
      continue;
    }
    if (endsBare) problems.push({ message: wording.quoteInside, position: i });
    const open = i;
    i++;
    let closed = false;
    while (i < q.length) {
      const d = q[i]!;
      if (d === '"') {
        closed = true;
        i++;
        break;
      }
      // A backslash makes the next character literal; one at the very end escapes nothing.
      const literal = d === "\\" ? q[i + 1] : d;
      if (literal === undefined) {
        i++;
        break;
      }
      text += literal;
      pattern += d === "*" ? WILDCARD : literal;
      i += d === "\\" ? 2 : 1;
    }
    if (!closed) problems.push({ message: 'Unterminated quote: add a closing "', position: open });
    else if (!ends(q[i])) problems.push({ message: wording.afterQuote, position: i });
    endsBare = false;
  }
  return { text, pattern, quoted: q[start] === '"', end: i, endsBare };
}

function readValue(q: string, start: number, problems: LexProblem[]): { parts: ValuePart[]; end: number } {
  const parts: ValuePart[] = [];
  let i = start;
  for (;;) {
    const { text, pattern, quoted, end, endsBare } = readChunk(q, i, true, problems);
    if (end === i) {
      const message = parts.length === 0 ? "Empty value: write field:value" : "Empty value in a list: write a,b,c";
      problems.push({ message, position: i });
    } else if (endsBare && q[end] === "(") {
      problems.push({ message: VALUE.paren, position: end });
    }
    parts.push({ text, pattern, quoted, position: i, end });
    if (q[end] !== ",") return { parts, end };
    i = end + 1;
  }
}

/** A bare word that starts with `name:` is a field term; `name` must look like a field name. */
const FIELD_PREFIX = /^[A-Za-z][A-Za-z0-9_]*:/;

export function lex(q: string): Lexed {
  const tokens: Token[] = [];
  const problems: LexProblem[] = [];
  // Checked before anything else: a NUL would read as a wildcard, so no other problem may hide it.
  if (q.includes(WILDCARD)) problems.push({ message: "Unexpected control character", position: q.indexOf(WILDCARD) });
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    const position = i;
    if (isSpace(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      tokens.push({ type: c === "(" ? "lparen" : "rparen", position, end: ++i });
    } else if (c === "-") {
      if (isBreak(q[i + 1]) && q[i + 1] !== "(") problems.push({ message: "Nothing to exclude after -", position });
      tokens.push({ type: "not", position, end: ++i });
    } else {
      const m = FIELD_PREFIX.exec(q.slice(i, i + 64));
      if (m) {
        const valuePosition = i + m[0].length;
        const { parts, end } = readValue(q, valuePosition, problems);
        tokens.push({ type: "field", name: m[0].slice(0, -1), parts, position, valuePosition, end });
        i = end;
        continue;
      }
      const { text, quoted, end, endsBare } = readChunk(q, i, false, problems);
      const raw = q.slice(position, end);
      if (endsBare && q[end] === "(" && raw !== "OR") problems.push({ message: WORD.paren, position: end });
      tokens.push(raw === "OR" ? { type: "or", position, end } : { type: "text", text, quoted, position, end });
      i = end;
    }
  }
  return { tokens, problems };
}
