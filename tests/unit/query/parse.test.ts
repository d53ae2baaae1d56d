import { describe, expect, it } from "vitest";
import { QuerySyntaxError } from "@/lib/query/errors";
import { FIELD_NAMES } from "@/lib/query/fields";
import { parseQuery, type QueryNode } from "@/lib/query/parse";

function errorOf(q: string): { message: string; position: number } {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return { message: err.message, position: err.position };
    throw err;
  }
  throw new Error(`expected a syntax error for ${q}`);
}

const term = (field: string, ...matches: object[]) => expect.objectContaining({ kind: "term", field, matches });

describe("parseQuery: field terms", () => {
  it("parses field:value as an exact match", () => {
    expect(parseQuery("user:alice")).toEqual({ kind: "term", field: "user", matches: [{ kind: "eq", value: "alice" }], position: 0 });
  });

  it.each(FIELD_NAMES.filter((f) => !["code", "latency", "decision", "level", "stage", "flag"].includes(f)))("accepts the text-like field %s", (field) => {
    const node = parseQuery(`${field}:x`) as Extract<QueryNode, { kind: "term" }>;
    expect(node.kind).toBe("term");
    expect(node.field).toBe(field);
  });

  it("accepts namespace as an alias of ns", () => {
    expect(parseQuery("namespace:prod")).toEqual(term("ns", { kind: "eq", value: "prod" }));
  });

  it("splits the value on the first colon only", () => {
    expect(parseQuery("user:system:serviceaccount:kube-system:x")).toEqual(
      term("user", { kind: "eq", value: "system:serviceaccount:kube-system:x" }),
    );
  });

  it("reads a,b,c as any of", () => {
    expect(parseQuery("verb:delete,patch")).toEqual(term("verb", { kind: "eq", value: "delete" }, { kind: "eq", value: "patch" }));
  });

  it("splits a value at its wildcards and keeps the value's other characters literal", () => {
    expect(parseQuery("name:api-*")).toEqual(term("name", { kind: "pattern", segments: ["api-", ""] }));
    expect(parseQuery("name:a?[b*")).toEqual(term("name", { kind: "pattern", segments: ["a?[b", ""] }));
    expect(parseQuery("name:a?b")).toEqual(term("name", { kind: "eq", value: "a?b" }));
  });

  it("reads quoted values with escapes; \\* inside quotes is a literal asterisk", () => {
    expect(parseQuery('ua:"kubectl 1.30.3"')).toEqual(term("ua", { kind: "eq", value: "kubectl 1.30.3" }));
    expect(parseQuery('name:"say \\"hi\\""')).toEqual(term("name", { kind: "eq", value: 'say "hi"' }));
    expect(parseQuery('name:"a\\\\b"')).toEqual(term("name", { kind: "eq", value: "a\\b" }));
    expect(parseQuery('name:"a\\*"')).toEqual(term("name", { kind: "eq", value: "a*" }));
    expect(parseQuery('name:"a b*"')).toEqual(term("name", { kind: "pattern", segments: ["a b", ""] }));
    expect(parseQuery('name:"a,b"')).toEqual(term("name", { kind: "eq", value: "a,b" }));
    expect(parseQuery('name:"(x)"')).toEqual(term("name", { kind: "eq", value: "(x)" }));
  });

  it("mixes quoted and bare list items", () => {
    expect(parseQuery('ns:"a b",c')).toEqual(term("ns", { kind: "eq", value: "a b" }, { kind: "eq", value: "c" }));
  });

  it('reads field:"" as "the field is absent"', () => {
    expect(parseQuery('ns:""')).toEqual(term("ns", { kind: "absent" }));
  });

  it("reads resource with and without a subresource", () => {
    const eq = (value: string) => ({ kind: "eq", value });
    expect(parseQuery("resource:pods")).toEqual(term("resource", { kind: "resource", resource: eq("pods"), subresource: null }));
    expect(parseQuery("resource:pods/log")).toEqual(term("resource", { kind: "resource", resource: eq("pods"), subresource: eq("log") }));
    expect(parseQuery("resource:*/exec")).toEqual(term("resource", { kind: "resource", resource: null, subresource: eq("exec") }));
    expect(parseQuery("resource:pods/*")).toEqual(
      term("resource", { kind: "resource", resource: eq("pods"), subresource: { kind: "pattern", segments: ["", ""] } }),
    );
  });
});

describe("parseQuery: numbers, enums and IPs", () => {
  it("reads codes, code classes and comparisons", () => {
    expect(parseQuery("code:404")).toEqual(term("code", { kind: "cmp", op: "=", value: 404 }));
    expect(parseQuery("code:4xx")).toEqual(term("code", { kind: "range", from: 400, to: 500 }));
    expect(parseQuery("code:5XX")).toEqual(term("code", { kind: "range", from: 500, to: 600 }));
    for (const op of [">=", "<=", ">", "<", "!="] as const) {
      expect(parseQuery(`code:${op}400`)).toEqual(term("code", { kind: "cmp", op, value: 400 }));
    }
    expect(parseQuery("code:200,4xx")).toEqual(term("code", { kind: "cmp", op: "=", value: 200 }, { kind: "range", from: 400, to: 500 }));
  });

  it("reads latency in milliseconds, fractions allowed", () => {
    expect(parseQuery("latency:>500")).toEqual(term("latency", { kind: "cmp", op: ">", value: 500 }));
    expect(parseQuery("latency:<=0.5")).toEqual(term("latency", { kind: "cmp", op: "<=", value: 0.5 }));
  });

  it("reads decision, level and stage case-insensitively into their canonical names", () => {
    expect(parseQuery("decision:forbid")).toEqual(term("decision", { kind: "eq", value: "forbid" }));
    expect(parseQuery("level:requestresponse")).toEqual(term("level", { kind: "eq", value: "RequestResponse" }));
    expect(parseQuery("stage:Panic")).toEqual(term("stage", { kind: "eq", value: "Panic" }));
  });

  it("reads exact, wildcard and CIDR IPs, v4 and v6", () => {
    expect(parseQuery("ip:10.0.0.5")).toEqual(term("ip", { kind: "eq", value: "10.0.0.5" }));
    expect(parseQuery("ip:10.0.*")).toEqual(term("ip", { kind: "pattern", segments: ["10.0.", ""] }));
    expect(parseQuery("ip:10.0.0.0/8")).toEqual(term("ip", { kind: "cidr", cidr: "10.0.0.0/8" }));
    expect(parseQuery("ip:2001:db8::/32")).toEqual(term("ip", { kind: "cidr", cidr: "2001:db8::/32" }));
    expect(parseQuery("ip:::ffff:10.0.0.0/104")).toEqual(term("ip", { kind: "cidr", cidr: "::ffff:10.0.0.0/104" }));
    expect(parseQuery("ip:fd00::1")).toEqual(term("ip", { kind: "eq", value: "fd00::1" }));
  });
});

describe("parseQuery: structure", () => {
  it("ANDs whitespace-separated terms and keeps positions", () => {
    expect(parseQuery("user:alice  verb:delete")).toEqual({
      kind: "and",
      items: [expect.objectContaining({ field: "user", position: 0 }), expect.objectContaining({ field: "verb", position: 12 })],
    });
  });

  it("negates a term, a word and a group", () => {
    expect(parseQuery("-user:system:*")).toEqual({ kind: "not", item: term("user", { kind: "pattern", segments: ["system:", ""] }) });
    expect(parseQuery("-error")).toEqual({ kind: "not", item: { kind: "text", text: "error", phrase: false, position: 1 } });
    expect(parseQuery("-(verb:get OR verb:list)")).toEqual({ kind: "not", item: { kind: "or", items: [term("verb", expect.anything()), term("verb", expect.anything())] } });
  });

  it("ends a bare value or word at ) so groups close without a space", () => {
    expect(parseQuery("(verb:get OR web)")).toEqual({ kind: "or", items: [term("verb", { kind: "eq", value: "get" }), expect.objectContaining({ text: "web" })] });
    expect(parseQuery("a OR(b)")).toEqual({ kind: "or", items: [expect.objectContaining({ text: "a" }), expect.objectContaining({ text: "b" })] });
  });

  it("binds AND tighter than OR, and parentheses group", () => {
    expect(parseQuery("a b OR c")).toEqual({
      kind: "or",
      items: [{ kind: "and", items: [expect.objectContaining({ text: "a" }), expect.objectContaining({ text: "b" })] }, expect.objectContaining({ text: "c" })],
    });
    expect(parseQuery("a (b OR c)")).toEqual({
      kind: "and",
      items: [expect.objectContaining({ text: "a" }), { kind: "or", items: [expect.objectContaining({ text: "b" }), expect.objectContaining({ text: "c" })] }],
    });
  });

  it("reads free text words and quoted phrases; lower-case or is a word", () => {
    expect(parseQuery('"not found"')).toEqual({ kind: "text", text: "not found", phrase: true, position: 0 });
    expect(parseQuery("web-1")).toEqual({ kind: "text", text: "web-1", phrase: false, position: 0 });
    expect(parseQuery("a or b")).toEqual({ kind: "and", items: [expect.anything(), expect.objectContaining({ text: "or" }), expect.anything()] });
    expect(parseQuery("10.0.0.1:443")).toEqual(expect.objectContaining({ kind: "text", text: "10.0.0.1:443" }));
  });

  it("parses the issue's example query", () => {
    const q = 'user:alice verb:delete,patch resource:secrets ns:prod -user:system:* code:>=400 name:api-* group:apps ip:10.0.0.0/8 ua:kubectl "free text"';
    const node = parseQuery(q) as Extract<QueryNode, { kind: "and" }>;
    expect(node.items).toHaveLength(11);
  });
});

describe("parseQuery: errors with their 0-based position", () => {
  it.each([
    ["usr:alice", 0, /Unknown field "usr": did you mean "user"\?/],
    ["verb:get namespce:prod", 9, /did you mean "namespace"\?/],
    ["verb:get zzzzzz:1", 9, /Unknown field "zzzzzz": fields are user, as/],
    ['name:"abc', 5, /Unterminated quote/],
    ['"free text', 0, /Unterminated quote/],
    ["user:", 5, /Empty value/],
    ["user: verb:get", 5, /Empty value/],
    ["verb:get,,list", 9, /Empty value in a list/],
    ["verb:get,", 9, /Empty value in a list/],
    ["user:>=alice", 5, /Comparisons work on numeric fields/],
    ["ns:!=prod", 3, /Comparisons work on numeric fields/],
    ["code:abc", 5, /code takes a status code/],
    ["code:>=", 7, /Missing number after >=/],
    ["code:4.5", 5, /code takes/],
    ["latency:>fast", 9, /latency takes milliseconds/],
    ["ip:10.0.0.0/33", 12, /CIDR prefix must be 0–32/],
    ["ip:2001:db8::/129", 14, /CIDR prefix must be 0–128/],
    ["ip:300.1.1.1/8", 3, /not an IPv4 or IPv6 address/],
    ["ip:10.0.0/8", 3, /not an IPv4 or IPv6 address/],
    ["ip:10.0.0.0/", 12, /CIDR prefix/],
    ["decision:maybe", 9, /decision is one of allow, forbid/],
    ["level:full", 6, /level is one of None, Metadata/],
    ["stage:Done", 6, /stage is one of/],
    ["(verb:get", 0, /Unclosed \(/],
    ["a (b (c)", 2, /Unclosed \(/],
    ["verb:get (", 9, /Unclosed \(/],
    ["verb:get)", 8, /Unmatched \)/],
    ["()", 0, /Empty parentheses/],
    ["OR a", 0, /OR needs a term on both sides/],
    ["a OR", 2, /OR needs a term on both sides/],
    ["a OR OR b", 2, /OR needs a term on both sides/],
    ["(a OR) b", 3, /OR needs a term on both sides/],
    ["- a", 0, /Nothing to exclude/],
    ["a -", 2, /Nothing to exclude/],
    ['name:"a"b', 8, /Unexpected character after a quoted value/],
    ['"a"b', 3, /Unexpected character after a quoted phrase/],
    ['ab"c"', 2, /A quote inside a word/],
    ['name:ab"c"', 7, /A quote inside a value/],
    ["resource:pods/", 14, /Missing subresource/],
    ["ua:kubectl(linux)", 10, /A parenthesis inside a value/],
    ["foo(bar)", 3, /A parenthesis inside a word/],
    ["-- x", 1, /Nothing to exclude/],
    ["...", 0, /Free text needs a letter or digit/],
    ["   ", 3, /Empty query/],
  ])("%s → position %i", (q, position, message) => {
    const err = errorOf(q);
    expect(err.message).toMatch(message);
    expect(err.position).toBe(position);
  });
});

describe("nesting limit", () => {
  it("refuses parentheses nested past 32 levels with a syntax error, not a database error", () => {
    const q = "-(".repeat(40) + "verb:get" + ")".repeat(40);
    expect(() => parseQuery(q)).toThrow(/Nested deeper than 32/);
    expect(() => parseQuery("(".repeat(32) + "verb:get" + ")".repeat(32))).not.toThrow();
  });
});
