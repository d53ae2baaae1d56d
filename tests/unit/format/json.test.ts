import { describe, expect, it } from "vitest";
import { prettyJson } from "@/lib/format/json";

describe("prettyJson", () => {
  it("indents a JSON object", () => {
    expect(prettyJson('{"a":1,"b":[true]}')).toBe('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}');
  });
  it("returns text that is not JSON unchanged", () => {
    expect(prettyJson('{"cut":')).toBe('{"cut":');
  });
});
