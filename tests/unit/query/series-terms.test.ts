import { describe, expect, it } from "vitest";
import { codeClass, SERIES_ORDER, userSeries, verbClass } from "@/lib/audit/series";
import { matches } from "@/lib/query/evaluate";
import type { MatchableRequest } from "@/lib/query/matchable";
import { parseQuery } from "@/lib/query/parse";
import { seriesTerm } from "@/lib/query/series-terms";

const base: MatchableRequest = {
  tsUs: 1_715_342_400_000_000,
  cluster: "prod",
  auditID: "a",
  user: "alice",
  groups: null,
  impersonatedUser: null,
  verb: "get",
  apiGroup: "",
  apiVersion: "v1",
  resource: "pods",
  subresource: null,
  namespace: "default",
  name: "web",
  requestURI: "/api/v1/namespaces/default/pods/web",
  code: 200,
  latencyUs: 1000,
  sourceIP: null,
  userAgent: null,
  level: "Metadata",
  stages: ["ResponseComplete"],
  decision: null,
  flags: [],
  reason: null,
  message: null,
  rules: [],
};

const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "impersonate", "proxy", "escalate"];
const CODES = [null, 101, 200, 201, 304, 403, 404, 409, 500, 503];
const USERS = [null, "alice", "bob", "t", "count", "other", "system:admin", "carol, dave", 'eve "x"', "mallory"];

/** A legend entry's term must select exactly the requests its series counts: no more, no fewer. */
function selectsExactly(term: string | null, requests: MatchableRequest[], inSeries: (r: MatchableRequest) => boolean) {
  expect(term).not.toBeNull();
  const tree = parseQuery(term!);
  for (const r of requests) expect(matches(tree, r), `${term} on ${JSON.stringify([r.verb, r.code, r.user])}`).toBe(inSeries(r));
}

describe("seriesTerm", () => {
  it("selects each verb class, other included", () => {
    const requests = VERBS.map((verb) => ({ ...base, verb }));
    for (const s of SERIES_ORDER.verb) selectsExactly(seriesTerm("verb", s, SERIES_ORDER.verb), requests, (r) => verbClass(r.verb) === s);
  });

  it("selects each code class, and none for requests without a response", () => {
    const requests = CODES.map((code) => ({ ...base, code }));
    for (const s of SERIES_ORDER.code) selectsExactly(seriesTerm("code", s, SERIES_ORDER.code), requests, (r) => codeClass(r.code) === s);
    expect(seriesTerm("code", "4xx", SERIES_ORDER.code)).toBe("code:4xx");
  });

  it("selects each top user, however named, and other as everyone else including no user", () => {
    const series = userSeries(["alice", "t", "count", "other", "carol, dave", 'eve "x"']);
    const requests = USERS.map((user) => ({ ...base, user }));
    for (const s of series.order) {
      selectsExactly(seriesTerm("user", s, series.order), requests, (r) => series.of(r.user ?? undefined) === s);
    }
  });

  it("has no term for a series it does not know, or for other users when every user is other", () => {
    expect(seriesTerm("verb", "sideways", SERIES_ORDER.verb)).toBeNull();
    expect(seriesTerm("code", "6xx", SERIES_ORDER.code)).toBeNull();
    expect(seriesTerm("user", "other", ["other"])).toBeNull();
  });
});
