import { describe, expect, it } from "vitest";
import { fieldsOf } from "@/lib/query/fields-of";
import { matches } from "@/lib/query/evaluate";
import type { MatchableRequest } from "@/lib/query/matchable";
import { NOISE, parseFilter } from "@/lib/query/parse-filter";
import { parseQuery } from "@/lib/query/parse";
import type { FilterNode } from "@/lib/query/tree";
import { parseMicros } from "@/lib/time/micros";

const ctx = { newestUs: parseMicros("2024-05-10T12:00:00Z") };
const eq = (value: string) => ({ kind: "eq" as const, value });
const only = (item: FilterNode): FilterNode => ({ kind: "and", items: [item] });
/** A parsed query as a tree built by hand has it: no positions in `q`. */
const withoutPositions = (n: FilterNode): FilterNode => JSON.parse(JSON.stringify(n, (k: string, v: unknown) => (k === "position" ? undefined : v)));

describe("parseFilter: URL keys", () => {
  it("gives an empty AND, matching everything, for no filter", () => {
    expect(parseFilter({}, ctx)).toEqual({ kind: "and", items: [] });
  });

  it.each([
    ["cluster", "cluster"],
    ["user", "user"],
    ["verb", "verb"],
    ["namespace", "ns"],
  ] as const)("reads %s as exact values of %s", (key, field) => {
    expect(parseFilter({ [key]: ["a", "b*"] }, ctx)).toEqual(only({ kind: "term", field, matches: [eq("a"), eq("b*")] }));
  });

  it("reads resource like the query language: pods is every pods request, pods/log exactly that", () => {
    expect(parseFilter({ resource: ["pods", "pods/log", "*/exec"] }, ctx)).toEqual(
      only({
        kind: "term",
        field: "resource",
        matches: [
          { kind: "resource", resource: eq("pods"), subresource: null },
          { kind: "resource", resource: eq("pods"), subresource: eq("log") },
          { kind: "resource", resource: eq("*"), subresource: eq("exec") },
        ],
      }),
    );
    const [fromUrl] = (parseFilter({ resource: ["pods/log"] }, ctx) as Extract<FilterNode, { kind: "and" }>).items;
    expect(fromUrl).toEqual(withoutPositions(parseQuery("resource:pods/log")));
  });

  it("reads code as status codes compared for equality", () => {
    expect(parseFilter({ code: [200, 404] }, ctx)).toEqual(
      only({ kind: "term", field: "code", matches: [{ kind: "cmp", op: "=", value: 200 }, { kind: "cmp", op: "=", value: 404 }] }),
    );
  });

  it("ANDs the keys, then the range, noise and q, in that order", () => {
    const tree = parseFilter({ user: ["alice"], range: "1h", noise: "hide", q: "verb:get" }, ctx) as Extract<FilterNode, { kind: "and" }>;
    expect(tree.items.map((i) => i.kind)).toEqual(["term", "time", "not", "term"]);
    expect(tree.items[2]).toBe(NOISE);
    expect(tree.items[3]).toEqual(parseQuery("verb:get"));
  });

  it("throws the query's syntax error", () => {
    expect(() => parseFilter({ q: "code:>=x" }, ctx)).toThrow(expect.objectContaining({ name: "QuerySyntaxError" }));
  });
});

describe("parseFilter: time range", () => {
  it("counts a preset back from the newest request, ending just after it", () => {
    expect(parseFilter({ range: "15m" }, ctx)).toEqual(only({ kind: "time", fromUs: ctx.newestUs - 15 * 60e6, toUs: ctx.newestUs + 1 }));
  });

  it("leaves a preset out of an empty store", () => {
    expect(parseFilter({ range: "24h" }, { newestUs: null })).toEqual({ kind: "and", items: [] });
  });

  it("takes from and to as they are, either side open", () => {
    const from = "2024-05-10T10:00:00.000Z";
    const to = "2024-05-10T11:00:00.000123Z";
    expect(parseFilter({ from, to }, ctx)).toEqual(only({ kind: "time", fromUs: parseMicros(from), toUs: parseMicros(to) }));
    expect(parseFilter({ from }, ctx)).toEqual(only({ kind: "time", fromUs: parseMicros(from), toUs: null }));
    expect(parseFilter({ to }, ctx)).toEqual(only({ kind: "time", fromUs: null, toUs: parseMicros(to) }));
  });
});

describe("parseFilter: noise", () => {
  it("hides reads made as system identities, but no denial, exec, Secret or impersonated person, with terms of the tree", () => {
    expect(parseFilter({ noise: "hide" }, ctx)).toEqual(only(NOISE));
    expect(fieldsOf(NOISE)).toEqual(new Set(["verb", "actor", "user", "decision", "code", "subresource", "resource"]));
    expect(NOISE).toEqual(
      withoutPositions(
        parseQuery(
          "-(verb:get,list,watch actor:system:* user:system:* -actor:system:anonymous -decision:forbid -code:401,403 -subresource:exec,attach,portforward -resource:secrets)",
        ),
      ),
    );
  });

  const request: MatchableRequest = {
    tsUs: 1, cluster: "c", auditID: "a", user: "system:node:n1", groups: null, impersonatedUser: null, verb: "get", apiGroup: "",
    apiVersion: "v1", resource: "pods", subresource: null, namespace: "prod", name: "web", requestURI: "/api/v1/namespaces/prod/pods/web",
    code: 200, latencyUs: 1000, sourceIP: null, userAgent: null, level: "Metadata", stages: ["ResponseComplete"], decision: "allow",
    flags: [], reason: null, message: null, rules: [],
  };
  const kept = (r: Partial<MatchableRequest>) => matches(NOISE, { ...request, ...r });

  it.each([
    ["a system read", {}],
    ["a list by a kube-system controller", { user: "system:serviceaccount:kube-system:deployment-controller", verb: "list" }],
    ["a watch by a workload's service account", { user: "system:serviceaccount:ci:deployer", verb: "watch" }],
  ])("hides %s", (_, r) => expect(kept(r)).toBe(false));

  it.each([
    ["a system write", { verb: "update" }],
    ["a system delete", { verb: "delete" }],
    ["a denial by decision", { decision: "forbid" as const }],
    ["a 403", { code: 403 }],
    ["a 401 without a decision", { code: 401, decision: null }],
    ["a websocket exec (verb get)", { subresource: "exec" }],
    ["an attach", { subresource: "attach" }],
    ["a port-forward", { subresource: "portforward" }],
    ["a Secret read", { resource: "secrets" }],
    ["a read impersonating a person", { user: "system:admin", impersonatedUser: "alice" }],
    ["a person's read", { user: "alice" }],
    ["a person's read impersonating a system identity", { user: "alice", impersonatedUser: "system:serviceaccount:ci:deployer" }],
    ["an anonymous read", { user: "system:anonymous" }],
    ["a read without a user", { user: null }],
  ])("keeps %s", (_, r) => expect(kept(r)).toBe(true));
});

describe("parseFilter: scopes", () => {
  it("ORs the scopes: a cluster and its listed namespaces, or any namespace of it", () => {
    const tree = parseFilter({ scopes: [{ cluster: "prod", namespaces: ["a", "b"] }, { cluster: "dev" }] }, ctx);
    expect(tree).toEqual(
      only({
        kind: "or",
        items: [
          { kind: "and", items: [{ kind: "term", field: "cluster", matches: [eq("prod")] }, { kind: "term", field: "ns", matches: [eq("a"), eq("b")] }] },
          {
            kind: "and",
            items: [{ kind: "term", field: "cluster", matches: [eq("dev")] }, { kind: "not", item: { kind: "term", field: "ns", matches: [{ kind: "absent" }] } }],
          },
        ],
      }),
    );
  });

  it("matches nothing for a principal with no scopes, and is left out for an unscoped one", () => {
    expect(parseFilter({ scopes: [] }, ctx)).toEqual(only({ kind: "or", items: [] }));
    expect(parseFilter({ scopes: null, user: ["a"] }, ctx)).toEqual(only({ kind: "term", field: "user", matches: [eq("a")] }));
  });

  it("comes first, before the view's own keys", () => {
    const tree = parseFilter({ scopes: [{ cluster: "prod" }], verb: ["get"] }, ctx) as Extract<FilterNode, { kind: "and" }>;
    expect(tree.items.map((i) => i.kind)).toEqual(["or", "term"]);
  });
});

describe("fieldsOf", () => {
  it("names the fields a filter reads, free text as text and a range as time", () => {
    expect(fieldsOf(parseFilter({}, ctx))).toEqual(new Set());
    expect(fieldsOf(parseQuery("user:a (verb:get OR -ns:x) code:4xx"))).toEqual(new Set(["user", "verb", "ns", "code"]));
    expect(fieldsOf(parseFilter({ cluster: ["c"], range: "1h", q: "error -resource:pods" }, ctx))).toEqual(
      new Set(["cluster", "time", "text", "resource"]),
    );
  });
});
