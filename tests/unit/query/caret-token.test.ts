import { describe, expect, it } from "vitest";
import { acceptSuggestion, caretToken, fieldOptions, queryWithout } from "@/components/search/caret-token";
import { FIELD_ALIASES, FIELD_NAMES } from "@/lib/query/fields";

const at = (q: string) => caretToken(q.replace("|", ""), q.indexOf("|"));

describe("search box completion", () => {
  it("completes a field name, negated or not", () => {
    expect(at("user:alice ver|")).toMatchObject({ kind: "field", prefix: "ver", negate: false });
    expect(at("-us|")).toMatchObject({ kind: "field", prefix: "us", negate: true, start: 1 });
    expect(fieldOptions("n").map((f) => f.name)).toEqual(["ns", "name", "namespace"]);
  });

  it("completes the value being typed: the last list item, after a comparison, inside quotes", () => {
    expect(at("verb:|")).toMatchObject({ kind: "value", field: "verb", prefix: "" });
    expect(at("verb:get,del|")).toMatchObject({ kind: "value", field: "verb", prefix: "del", start: 9 });
    expect(at("code:>=4|")).toMatchObject({ kind: "value", field: "code", prefix: "4", start: 7 });
    expect(at('ua:"kub|')).toMatchObject({ kind: "value", field: "ua", prefix: "kub" });
    expect(at("namespace:pr|")).toMatchObject({ kind: "value", field: "ns", prefix: "pr" });
    expect(at("nope:x|")).toBeNull();
  });

  it("accepts a suggestion in place, quoting values that need it", () => {
    const q = "verb:get us|";
    const token = at(q)!;
    expect(acceptSuggestion("verb:get us", token, "user")).toEqual({ text: "verb:get user:", caret: 14 });
    const v = at('ua:"kub|')!;
    expect(acceptSuggestion('ua:"kub', v, "kubectl 1.30.3").text).toBe('ua:"kubectl 1.30.3" ');
    const list = at("verb:get,del| ns:prod")!;
    expect(acceptSuggestion("verb:get,del ns:prod", list, "delete").text).toBe("verb:get,delete ns:prod");
  });

  it("counts suggestions against the rest of the query", () => {
    expect(queryWithout("ns:prod user:al", at("ns:prod user:al|")!)).toBe("ns:prod");
    expect(queryWithout("ver ns:prod", at("ver| ns:prod")!)).toBe("ns:prod");
  });
});

describe("a quoted value", () => {
  it("is one value up to its closing quote, commas and spaces included", () => {
    const q = 'ua:"kub|ectl 1.3" verb:get';
    expect(at(q)).toMatchObject({ kind: "value", field: "ua", prefix: "kub", start: 3, end: 16 });
    expect(acceptSuggestion(q.replace("|", ""), at(q)!, "kubectl 1.30.3").text).toBe('ua:"kubectl 1.30.3" verb:get');
    expect(at('name:"a,b|')).toMatchObject({ kind: "value", field: "name", prefix: "a,b", start: 5 });
  });

  it("is a term to leave out of the suggestion counts even while its quote is open", () => {
    expect(queryWithout('verb:get ua:"kub ctl', at('verb:get ua:"kub ctl|')!)).toBe("verb:get");
  });
});

describe("an empty word", () => {
  it("is a field token with an empty prefix, so ArrowDown can list every field", () => {
    expect(caretToken("", 0)).toMatchObject({ kind: "field", prefix: "" });
    expect(caretToken("verb:get ", 9)).toMatchObject({ kind: "field", prefix: "", start: 9 });
    expect(fieldOptions("")).toHaveLength(FIELD_NAMES.length + Object.keys(FIELD_ALIASES).length);
  });
});
