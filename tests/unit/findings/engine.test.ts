import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseRuleText } from "@/lib/findings/load-rules";
import type { Rule } from "@/lib/findings/types";
import { episodesOf, findingsOf, matchHit, ruleMatches } from "@/lib/findings/engine";
import { keyOf } from "@/lib/findings/key-values";
import type { BodyCheckContext, Hit } from "@/lib/findings/types";
import { at, inputOf, requestOf } from "./requests";
import { ruleOf } from "./rules";

const ctx: BodyCheckContext = { trustedRegistries: [], roleRules: () => undefined };

describe("key values", () => {
  it("reads each key field as the query field of the same name, nulls kept", () => {
    const r = requestOf({ user: "alice", impersonatedUser: "bob", resource: "pods", subresource: "exec", code: 403, sourceIP: null, apiGroup: "" });
    expect(keyOf(["user", "actor", "as", "resource", "subresource", "code", "ip", "group"], r)).toBe('["alice","bob","bob","pods/exec","exec",403,null,""]');
    expect(keyOf(["actor", "resource"], requestOf({ impersonatedUser: null, subresource: null }))).toBe('["alice","pods"]');
    expect(keyOf([], r)).toBe("[]");
  });
});

describe("matchHit", () => {
  const exec = ruleOf("e.exec", "match: 'resource:pods/exec'\n");

  it("finds a request its query matches, with no key and no detail", () => {
    expect(matchHit(exec, inputOf(7, { subresource: "exec", tsUs: at(1) }), ctx).hit).toEqual({ ruleId: "e.exec", requestId: 7, tsUs: at(1), key: null, detail: null });
    expect(matchHit(exec, inputOf(8, { subresource: "log" }), ctx).hit).toBeNull();
  });

  it("finds nothing with a body rule when the body was not logged", () => {
    const privileged = ruleOf("e.privileged", "match: 'verb:create resource:pods'\nbody: privileged\n");
    let read = 0;
    const input = { ...inputOf(1, { verb: "create" }), bodies: () => (read++, undefined) };
    expect(matchHit(privileged, input, ctx).hit).toBeNull();
    expect(read).toBe(1);
    // The body is read only when the query matched.
    matchHit(privileged, { ...input, request: requestOf({ verb: "get" }) }, ctx);
    expect(read).toBe(1);
  });

  it("finds a request whose logged body the rule's check finds something in, with the check's detail", () => {
    const privileged = ruleOf("e.privileged", "match: 'verb:create resource:pods'\nbody: privileged\n");
    const pod = { kind: "Pod", apiVersion: "v1", metadata: { name: "web-1" }, spec: { containers: [{ name: "app", image: "nginx", securityContext: { privileged: true } }] } };
    const plain = { ...pod, spec: { containers: [{ name: "app", image: "nginx" }] } };
    const hit = matchHit(privileged, inputOf(1, { verb: "create", level: "RequestResponse" }, { requestObject: pod }), ctx).hit;
    expect(hit).toEqual({ ruleId: "e.privileged", requestId: 1, tsUs: requestOf().tsUs, key: null, detail: expect.stringContaining("app") });
    expect(matchHit(privileged, inputOf(2, { verb: "create", level: "RequestResponse" }, { requestObject: plain }), ctx).hit).toBeNull();
  });

  it("finds nothing for a correlation rule: those go through ruleMatches", () => {
    const burst = ruleOf("e.burst", "match: 'code:403'\nthreshold: 2\nwindow: 1m\n");
    expect(matchHit(burst, inputOf(1, { code: 403 }), ctx).hit).toBeNull();
  });
});

describe("ruleMatches", () => {
  it("gives a threshold rule's match its key and distinct values", () => {
    const reads = ruleOf("e.reads", "match: 'resource:secrets'\nthreshold: 3\nwindow: 10m\nby: [user, ip]\ndistinct: [name]\n");
    expect(ruleMatches(reads, inputOf(3, { resource: "secrets", name: "db", tsUs: at(5) }))).toEqual([
      { requestId: 3, tsUs: at(5), step: 0, key: '["alice","10.0.0.7"]', distinct: '["db"]', differ: null },
    ]);
    expect(ruleMatches(reads, inputOf(4))).toEqual([]);
  });

  it("gives a sequence rule one match per step matched, each keyed by its step's by", () => {
    const seq = ruleOf(
      "e.seq",
      "match: 'user:alice'\nwindow: 5m\nby: [user]\ndiffer: [ua]\nsequence:\n  - match: 'verb:get'\n  - { match: 'resource:pods', by: [] }\n",
    );
    expect(ruleMatches(seq, inputOf(1, { tsUs: at(0) }))).toEqual([
      { requestId: 1, tsUs: at(0), step: 0, key: '["alice"]', distinct: null, differ: '["kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69"]' },
      { requestId: 1, tsUs: at(0), step: 1, key: "[]", distinct: null, differ: '["kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69"]' },
    ]);
    // The rule's own match is ANDed into every step.
    expect(ruleMatches(seq, inputOf(2, { user: "bob" }))).toEqual([]);
  });
});

describe("findingsOf", () => {
  it("gives every rule's hits over a set of requests, in time order", () => {
    const exec = ruleOf("e.exec", "match: 'resource:pods/exec'\n");
    const burst = ruleOf("e.burst", "match: 'code:403'\nthreshold: 2\nwindow: 1m\nby: [user]\n");
    const inputs = [
      inputOf(1, { code: 403, tsUs: at(30) }),
      inputOf(2, { code: 403, tsUs: at(0) }),
      inputOf(3, { code: 403, tsUs: at(10), user: "bob" }),
      inputOf(4, { subresource: "exec", tsUs: at(5) }),
    ];
    expect(findingsOf([exec, burst], inputs, () => ctx)).toEqual([
      { ruleId: "e.exec", requestId: 4, tsUs: at(5), key: null, detail: null },
      { ruleId: "e.burst", requestId: 2, tsUs: at(0), key: '["alice"]', detail: null },
      { ruleId: "e.burst", requestId: 1, tsUs: at(30), key: '["alice"]', detail: null },
    ]);
  });
});

describe("findingsOf: a correlation from a rule file", () => {
  const rule = parseRuleText(fs.readFileSync(path.join(import.meta.dirname, "fixtures", "grant-then-change.yaml"), "utf8"), "grant-then-change.yaml", false) as Rule;
  const grant = (id: number, seconds: number, user: string) => inputOf(id, { verb: "create", apiGroup: "rbac.authorization.k8s.io", resource: "rolebindings", user, tsUs: at(seconds) });
  const change = (id: number, seconds: number, user: string) => inputOf(id, { verb: "patch", apiGroup: "apps", resource: "deployments", user, tsUs: at(seconds) });

  it("finds a grant and the same user's workload change within the window, in order", () => {
    const inputs = [grant(1, 0, "mallory"), change(2, 120, "alice"), change(3, 300, "mallory"), change(4, 700, "mallory"), grant(5, 800, "alice")];
    expect(findingsOf([rule], inputs, () => ctx).map((h) => [h.requestId, h.key])).toEqual([
      [1, '["mallory"]'],
      [3, '["mallory"]'],
    ]);
  });
});

describe("episodesOf", () => {
  const hit = (requestId: number, seconds: number, key: string | null): Hit => ({ ruleId: "r", requestId, tsUs: at(seconds), key, detail: null });

  it("groups a correlation's hits per key, starting anew after a gap longer than the window", () => {
    const burst = ruleOf("e.burst", "match: 'code:403'\nthreshold: 2\nwindow: 1m\nby: [user]\n");
    const episodes = episodesOf(burst, [hit(3, 120, "a"), hit(1, 0, "a"), hit(2, 60, "a"), hit(5, 30, "b"), hit(4, 181, "a")]);
    expect(episodes.map((e) => e.map((h) => h.requestId))).toEqual([[1, 2, 3], [5], [4]]);
  });

  it("makes each hit of a match rule an episode of its own", () => {
    const exec = ruleOf("e.exec", "match: 'resource:pods/exec'\n");
    expect(episodesOf(exec, [hit(2, 5, null), hit(1, 0, null)]).map((e) => e.map((h) => h.requestId))).toEqual([[1], [2]]);
  });
});
