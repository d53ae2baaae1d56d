import { describe, expect, it } from "vitest";
import { inCidr } from "@/lib/query/cidr";
import { matches } from "@/lib/query/evaluate";
import type { MatchableRequest } from "@/lib/query/matchable";
import { parseQuery } from "@/lib/query/parse";

/** A request as a rule on ingest would see it, without any store. */
const request: MatchableRequest = {
  tsUs: 1_715_342_400_000_100,
  cluster: "prod-eu",
  auditID: "00000000-0000-4000-8000-000000000001",
  user: "system:serviceaccount:ci:deployer",
  groups: ["system:serviceaccounts", "system:authenticated"],
  impersonatedUser: null,
  verb: "create",
  apiGroup: "",
  apiVersion: "v1",
  resource: "pods",
  subresource: "exec",
  namespace: "prod",
  name: "web-1",
  requestURI: "/api/v1/namespaces/prod/pods/web-1/exec?command=sh",
  code: 101,
  latencyUs: 12_500,
  sourceIP: "2001:db8::7",
  userAgent: "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
  level: "Metadata",
  stages: ["ResponseStarted", "ResponseComplete"],
  decision: "allow",
  flags: [],
  reason: 'RBAC: allowed by RoleBinding "deployer/ci" of ClusterRole "edit" to ServiceAccount "deployer/ci"',
  message: "Connection upgraded: Café",
  rules: ["k8s.pod-exec", "k8s.scanner-agent"],
};

const holds = (q: string) => matches(parseQuery(q), request);

describe("matches(tree, request)", () => {
  it.each([
    "resource:pods", "resource:pods/exec", "resource:*/exec", "-resource:pods/log", "group:core", "as:\"\"", "-as:admin",
    "usergroup:system:auth*", "ua:kubectl", 'ua:"kubectl 1.30.3"', 'ua:"kubectl 1.30*"', "ip:2001:db8::/32", "-ip:0.0.0.0/0",
    "code:1xx", "latency:12.5", "latency:>12", "stage:ResponseStarted", "decision:allow", 'binding:"deployer/ci"', "role:edit",
    "subject:deployer/ci", "cafe", "CONNECTION upgr", '"pods web"', "kube", "user:system:serviceaccount:*:deployer",
  ])("%s holds", (q) => expect(holds(q)).toBe(true));

  it.each([
    "resource:pods/log", "group:apps", "as:*", "usergroup:system:masters", "ua:curl", "ip:::/0 ip:10.0.0.0/8", "code:>=400",
    "latency:>12.5", "stage:Panic", "flag:truncated", 'decision:""', "user:System:*", '"pods exec"', 'cafe "upgraded caf"', "level:None",
  ])("%s does not hold", (q) => expect(holds(q)).toBe(false));

  it("reads a list of exact values as any one of them, an agent by its raw, normalized or tool name", () => {
    for (const q of ["verb:get,create", "ns:dev,prod", "ua:curl,kubectl", 'ua:curl,"kubectl 1.30.3"', "actor:x,system:serviceaccount:ci:deployer"]) {
      expect(holds(q), q).toBe(true);
    }
    for (const q of ["verb:get,list", "as:a,b", "ua:curl,kube", "ua:curl,kubectl/v1.30", "reason:a,b", "-verb:get,create"]) {
      expect(holds(q), q).toBe(false);
    }
  });

  it("holds within [from, to) of a time node", () => {
    const at = (fromUs: number | null, toUs: number | null) => matches({ kind: "time", fromUs, toUs }, request);
    expect([at(request.tsUs, null), at(null, request.tsUs), at(request.tsUs - 1, request.tsUs + 1), at(null, null)]).toEqual([true, false, true, true]);
  });
});

describe("rule: the detection rules that found a request", () => {
  const found = (rules: string[]) => (q: string) => matches(parseQuery(q), { ...request, rules });

  it.each(["rule:k8s.pod-exec", "rule:k8s.*", "rule:*agent", "rule:nope,k8s.scanner-agent", '-rule:""', "-rule:k8s.secret-read"])(
    "%s holds for a request two rules found",
    (q) => expect(found(["k8s.pod-exec", "k8s.scanner-agent"])(q)).toBe(true),
  );

  it.each(["rule:k8s.pod", "rule:K8S.*", 'rule:""', "-rule:k8s.pod-exec"])("%s does not", (q) => expect(found(["k8s.pod-exec", "k8s.scanner-agent"])(q)).toBe(false));

  it('holds rule:"" and no rule:* for a request no rule found', () => {
    expect([found([])('rule:""'), found([])("rule:*"), found([])("-rule:*")]).toEqual([true, false, true]);
  });
});

describe("inCidr", () => {
  it.each([
    ["10.1.2.3", "10.0.0.0/8", true], ["10.1.2.3", "10.1.2.3/32", true], ["11.0.0.1", "10.0.0.0/8", false],
    ["10.1.2.3", "0.0.0.0/0", true], ["2001:db8::7", "0.0.0.0/0", false], ["10.1.2.3", "::/0", false],
    ["::ffff:10.1.2.3", "::ffff:0:0/96", true], ["fe80::1%eth0", "fe80::/10", true], ["FE80::1", "fe80::/10", true],
    ["010.1.2.3", "0.0.0.0/0", false], ["not an ip", "::/0", false], ["1:2:3:4:5:6:7:8", "1:2:3:4::/64", true],
  ] as const)("%s in %s: %s", (ip, cidr, expected) => expect(inCidr(ip, cidr)).toBe(expected));
});

describe("actor: the effective user", () => {
  const impersonated: MatchableRequest = { ...request, user: "system:admin", impersonatedUser: "alice" };
  const on = (r: MatchableRequest) => (q: string) => matches(parseQuery(q), r);

  it.each(["actor:alice", "actor:al*", "actor:bob,alice", "-actor:system:admin", '-actor:""', "user:system:admin", "as:alice"])(
    "%s holds for kubectl --as=alice run by system:admin",
    (q) => expect(on(impersonated)(q)).toBe(true),
  );

  it.each(["actor:system:admin", "actor:system:*", 'actor:""', "user:alice"])("%s does not", (q) => expect(on(impersonated)(q)).toBe(false));

  it("is the authenticated user without impersonation, and absent without a user", () => {
    expect(holds("actor:system:serviceaccount:ci:deployer")).toBe(true);
    expect(on({ ...request, user: null })('actor:""')).toBe(true);
  });
});
