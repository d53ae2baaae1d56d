import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matches } from "@/lib/query/evaluate";
import { parseQuery } from "@/lib/query/parse";
import { guardValue, requiredValues, type GuardField } from "@/lib/query/required-values";
import { requestOf } from "../findings/requests";

const values = (q: string, field: GuardField) => {
  const set = requiredValues(parseQuery(q), field);
  return set === null ? null : [...set].sort();
};

describe("requiredValues", () => {
  it("reads the exact verbs and resources a query demands", () => {
    expect(values("verb:create,update resource:pods", "verb")).toEqual(["create", "update"]);
    expect(values("verb:create,update resource:pods", "resource")).toEqual(["pods"]);
    expect(values("resource:pods/exec,nodes/proxy", "resource")).toEqual(["nodes", "pods"]);
    expect(values("resource:secrets verb:get,list OR resource:configmaps verb:list", "resource")).toEqual(["configmaps", "secrets"]);
    expect(values("resource:secrets verb:get,list OR resource:configmaps verb:list", "verb")).toEqual(["get", "list"]);
    expect(values("verb:get,list verb:list,watch", "verb")).toEqual(["list"]);
  });

  it("does not narrow on what accepts other values", () => {
    for (const q of ["-verb:get", "verb:get*", "resource:*/exec", "user:alice", "verb:get OR user:alice", "resource:\"\"", '"forbidden"']) {
      expect(values(q, q.includes("resource") ? "resource" : "verb"), q).toBeNull();
    }
  });

  it("never leaves out a request the query matches", () => {
    const verb = fc.constantFrom("get", "list", "create", "patch", "delete");
    const resource = fc.constantFrom("pods", "secrets", "nodes", "events");
    const subresource = fc.constantFrom(null, "exec", "proxy", "status");
    const term = fc.oneof(
      fc.array(verb, { minLength: 1, maxLength: 3 }).map((v) => `verb:${v.join(",")}`),
      fc.array(fc.tuple(resource, subresource), { minLength: 1, maxLength: 3 }).map((rs) => `resource:${rs.map(([r, s]) => (s ? `${r}/${s}` : r)).join(",")}`),
      fc.constantFrom("verb:g*", "resource:*/exec", "resource:p*", "user:alice", "code:>=400", "resource:pods/*"),
    );
    const query: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
      q: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        term,
        fc.tuple(tie("q"), tie("q")).map(([a, b]) => `(${a} ${b})`),
        fc.tuple(tie("q"), tie("q")).map(([a, b]) => `(${a} OR ${b})`),
        tie("q").map((a) => `-(${a})`),
      ),
    })).q;
    const request = fc.record({ verb, resource: fc.option(resource), subresource, user: fc.constantFrom("alice", "bob"), code: fc.constantFrom(200, 403) });
    fc.assert(
      fc.property(query, request, (q, r) => {
        const tree = parseQuery(q);
        const req = requestOf({ ...r, subresource: r.resource === null ? null : r.subresource });
        if (!matches(tree, req)) return;
        for (const field of ["verb", "resource"] as const) {
          const set = requiredValues(tree, field);
          const value = guardValue(field, req);
          expect(set === null || (value !== null && set.has(value)), `${q} ${field}=${value}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
