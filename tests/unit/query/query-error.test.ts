import { describe, expect, it } from "vitest";
import { queryErrorResponse, withQueryErrors } from "@/lib/http/query-error";
import { QuerySyntaxError } from "@/lib/query/errors";
import { parseQuery } from "@/lib/query/parse";

describe("query errors over HTTP", () => {
  it("maps a QuerySyntaxError to 400 with its message and position", async () => {
    const res = withQueryErrors(() => {
      parseQuery("verb:get code:>=x");
      return new Response("unreachable");
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'code takes a status code such as 404, 4xx or >=400, not "x"', position: 16, parameter: "q" });
  });

  it("leaves other errors alone", () => {
    expect(queryErrorResponse(new Error("boom"))).toBeNull();
    expect(() => withQueryErrors(() => { throw new Error("boom"); })).toThrow("boom");
    expect(queryErrorResponse(new QuerySyntaxError("x", 3))?.status).toBe(400);
  });
});
