import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QuerySyntaxError } from "@/lib/query/errors";
import { FIELD_NAMES } from "@/lib/query/fields";
import { lex, WILDCARD, type Token } from "@/lib/query/lexer";
import { parseQuery } from "@/lib/query/parse";

/** Each token as its type and the text it spans, which is what a position is for. */
const spans = (q: string) => lex(q).tokens.map((t) => [t.type, q.slice(t.position, t.end)]);
const field = (q: string) => lex(q).tokens[0] as Extract<Token, { type: "field" }>;

describe("lex: tokens and where they are", () => {
  it("spans every token of a well-formed query", () => {
    const q = '-user:system:* (verb:get,list OR "not found")  web-1';
    expect(spans(q)).toEqual([
      ["not", "-"],
      ["field", "user:system:*"],
      ["lparen", "("],
      ["field", "verb:get,list"],
      ["or", "OR"],
      ["text", '"not found"'],
      ["rparen", ")"],
      ["text", "web-1"],
    ]);
    expect(lex(q).problems).toEqual([]);
  });

  it("keeps each list item's position, end, text and wildcard pattern", () => {
    const t = field('name:api-*,"a \\"b\\" \\*",""');
    expect(t).toMatchObject({ name: "name", position: 0, valuePosition: 5, end: 26 });
    expect(t.parts).toEqual([
      { text: "api-*", pattern: `api-${WILDCARD}`, quoted: false, position: 5, end: 10 },
      { text: 'a "b" *', pattern: 'a "b" *', quoted: true, position: 11, end: 23 },
      { text: "", pattern: "", quoted: true, position: 24, end: 26 },
    ]);
  });

  it("reads the text of a quoted phrase without its quotes and escapes", () => {
    expect(lex('"say \\"hi\\""').tokens).toEqual([{ type: "text", text: 'say "hi"', quoted: true, position: 0, end: 12 }]);
  });

  it("ends a bare word or value at a parenthesis, and lets OR touch one", () => {
    expect(spans("(verb:get OR(web))")).toEqual([
      ["lparen", "("],
      ["field", "verb:get"],
      ["or", "OR"],
      ["lparen", "("],
      ["text", "web"],
      ["rparen", ")"],
      ["rparen", ")"],
    ]);
  });
});

describe("lex: tolerance", () => {
  it("runs an unterminated quote to the end of the query, so a value can be typed", () => {
    const { tokens, problems } = lex('verb:get ua:"kubectl 1.3');
    expect(tokens.map((t) => t.end)).toEqual([8, 24]);
    expect(field('ua:"kubectl 1.3').parts).toEqual([{ text: "kubectl 1.3", pattern: "kubectl 1.3", quoted: true, position: 3, end: 15 }]);
    expect(problems).toEqual([{ message: 'Unterminated quote: add a closing "', position: 12 }]);
  });

  it("keeps a stray quote's section in its word, spaces included", () => {
    const { tokens, problems } = lex('ab"c d" x');
    expect(spans('ab"c d" x')).toEqual([["text", 'ab"c d"'], ["text", "x"]]);
    expect(tokens[0]).toMatchObject({ text: "abc d" });
    expect(problems).toEqual([{ message: "A quote inside a word: put a space before the quoted phrase", position: 2 }]);
  });

  it("reads a parenthesis inside a value as a group after it", () => {
    expect(spans("ua:kubectl(linux)")).toEqual([["field", "ua:kubectl"], ["lparen", "("], ["text", "linux"], ["rparen", ")"]]);
    expect(lex("ua:kubectl(linux)").problems).toEqual([
      { message: 'A parenthesis inside a value: quote the value, e.g. ua:"a (b)"', position: 10 },
    ]);
  });

  it("gives an empty value an empty part where it is missing", () => {
    expect(field("user: verb:get").parts).toEqual([{ text: "", pattern: "", quoted: false, position: 5, end: 5 }]);
    expect(field("verb:get,").parts.map((p) => [p.position, p.end])).toEqual([[5, 8], [9, 9]]);
    expect(lex("verb:get,").problems).toEqual([{ message: "Empty value in a list: write a,b,c", position: 9 }]);
  });

  it("keeps a - with nothing after it as a negation, and reports it", () => {
    expect(lex("a -")).toEqual({
      tokens: [
        { type: "text", text: "a", quoted: false, position: 0, end: 1 },
        { type: "not", position: 2, end: 3 },
      ],
      problems: [{ message: "Nothing to exclude after -", position: 2 }],
    });
  });

  it("lists every problem in the order it reads them", () => {
    expect(lex('name:"a"b foo(bar) - "x').problems).toEqual([
      { message: "Unexpected character after a quoted value: separate terms with a space", position: 8 },
      { message: "A parenthesis inside a word: add a space before (, or quote the text", position: 13 },
      { message: "Nothing to exclude after -", position: 19 },
      { message: 'Unterminated quote: add a closing "', position: 21 },
    ]);
  });

  it("reports a control character before anything else: it would read as a wildcard", () => {
    expect(lex('"a \u0000').problems).toEqual([
      { message: "Unexpected control character", position: 3 },
      { message: 'Unterminated quote: add a closing "', position: 0 },
    ]);
  });
});

/** Query-shaped strings: the language's own pieces glued at random, plus arbitrary text. */
const query = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...FIELD_NAMES, "namespace", "Verb", "OR", "-", "(", ")", '"', '\\"', "\\", ",", ":", "*", " ", "\t", ">=", "é"),
        fc.string({ maxLength: 5 }),
      ),
      { maxLength: 20 },
    )
    .map((p) => p.join("")),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 30 }),
);

describe("lex: any input", () => {
  it("lexes without throwing; tokens cover the input in order with only whitespace between", () => {
    fc.assert(
      fc.property(query, (q) => {
        const { tokens, problems } = lex(q);
        let at = 0;
        for (const t of tokens) {
          expect(t.position).toBeGreaterThanOrEqual(at);
          expect(t.end).toBeGreaterThan(t.position);
          expect(q.slice(at, t.position)).toMatch(/^\s*$/);
          if (t.type === "field") {
            let part = t.valuePosition;
            for (const p of t.parts) {
              expect(p.position).toBe(part);
              part = p.end + 1; // the comma
            }
            expect(t.parts.at(-1)!.end).toBe(t.end);
          }
          at = t.end;
        }
        expect(q.slice(at)).toMatch(/^\s*$/);
        for (const p of problems) {
          expect(p.position).toBeGreaterThanOrEqual(0);
          expect(p.position).toBeLessThanOrEqual(q.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("is what the parser reports first when anything is malformed", () => {
    fc.assert(
      fc.property(query, (q) => {
        const first = lex(q).problems[0];
        if (!first) return;
        const err = (() => {
          try {
            parseQuery(q);
          } catch (e) {
            return e;
          }
        })();
        expect(err).toBeInstanceOf(QuerySyntaxError);
        expect(err).toMatchObject({ message: first.message, position: first.position });
      }),
      { numRuns: 1000 },
    );
  });
});
