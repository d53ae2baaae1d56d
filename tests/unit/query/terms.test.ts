import { describe, expect, it } from "vitest";
import { parseQuery } from "@/lib/query/parse";
import { addTerm, formatTerm, formatValue, hasTerm, removeTerm, splitTerms } from "@/lib/query/terms";

describe("formatTerm", () => {
  it.each([
    ["alice", "alice"],
    ["system:serviceaccount:kube-system:x", "system:serviceaccount:kube-system:x"],
    ["kubectl 1.30.3", '"kubectl 1.30.3"'],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["(x)", '"(x)"'],
    ["a*b", '"a\\*b"'],
    ["a\\b", '"a\\\\b"'],
    [">=5", '">=5"'],
    ["", '""'],
    ["OR", '"OR"'],
  ])("writes %j as %s", (value, written) => {
    expect(formatValue(value)).toBe(written);
  });

  it("round-trips through the parser as an exact match of the same value", () => {
    for (const value of ["alice", "kubectl 1.30.3", 'a "b", (c)*', "a\\b", ">=5", "system:*"]) {
      expect(parseQuery(formatTerm("user", value))).toEqual({ kind: "term", field: "user", matches: [{ kind: "eq", value }], position: 0 });
    }
    expect(parseQuery(formatTerm("ns", ""))).toEqual({ kind: "term", field: "ns", matches: [{ kind: "absent" }], position: 0 });
  });

  it("negates with a leading -", () => {
    expect(formatTerm("user", "bob", true)).toBe("-user:bob");
  });
});

describe("addTerm / removeTerm", () => {
  it("appends, and does not repeat a term already there", () => {
    expect(addTerm("", "verb:get")).toBe("verb:get");
    expect(addTerm("user:alice", "verb:get")).toBe("user:alice verb:get");
    expect(addTerm("user:alice verb:get", "verb:get")).toBe("user:alice verb:get");
  });

  it("replaces the opposite term", () => {
    expect(addTerm("user:alice -verb:get", "verb:get")).toBe("user:alice verb:get");
    expect(addTerm("verb:get", "-verb:get")).toBe("-verb:get");
  });

  it("parenthesises a query with a top-level OR before ANDing", () => {
    expect(addTerm("verb:get OR verb:list", "user:bob")).toBe("(verb:get OR verb:list) user:bob");
    expect(addTerm("(verb:get OR verb:list) ns:a", "user:bob")).toBe("(verb:get OR verb:list) ns:a user:bob");
  });

  it("keeps quoted values and groups whole", () => {
    expect(splitTerms('ua:"kubectl 1.30" (a OR "b c")  x')).toEqual(['ua:"kubectl 1.30"', '(a OR "b c")', "x"]);
    expect(hasTerm('ua:"kubectl 1.30" x', 'ua:"kubectl 1.30"')).toBe(true);
  });

  it("splits a query being typed: an open quote or group holds the rest", () => {
    expect(splitTerms('verb:get ua:"kub ctl')).toEqual(["verb:get", 'ua:"kub ctl']);
    expect(splitTerms('a ab"c d" -(x OR ')).toEqual(["a", 'ab"c d"', "-(x OR "]);
    expect(addTerm("verb:get ua:kubectl(linux", "user:bob")).toBe("verb:get ua:kubectl(linux user:bob");
  });

  it("removes a term and an OR it leaves dangling", () => {
    expect(removeTerm("user:alice verb:get", "user:alice")).toBe("verb:get");
    expect(removeTerm('ua:"a b" x', 'ua:"a b"')).toBe("x");
    expect(removeTerm("a OR b", "b")).toBe("a");
    expect(removeTerm("a OR b", "a")).toBe("b");
    expect(removeTerm("a", "a")).toBe("");
  });
});
