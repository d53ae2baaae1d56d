import { actorKind, actorKindLabel } from "@/lib/audit/actor-kind";
import { describe, expect, it } from "vitest";
import { describeParts, describeRequest, singularKind, type Describable } from "@/lib/audit/describe";

const base: Describable = {
  user: "alice",
  impersonatedUser: null,
  verb: "delete",
  resource: "deployments",
  subresource: null,
  namespace: "prod",
  name: "api",
  requestURI: "/apis/apps/v1/namespaces/prod/deployments/api",
  code: 200,
  latencyMs: 12.4,
  sourceIP: "10.0.0.5",
  userAgent: "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
  decision: "allow",
};
const say = (over: Partial<Describable>) => describeRequest({ ...base, ...over });

describe("describeRequest", () => {
  it("reads like the issue's example", () => {
    expect(say({})).toBe("alice deleted deployment prod/api — 200 OK, 12 ms, from 10.0.0.5 with kubectl 1.30.3");
  });

  it.each([
    ["get", "alice read deployment prod/api"],
    ["create", "alice created deployment prod/api"],
    ["update", "alice updated deployment prod/api"],
    ["patch", "alice patched deployment prod/api"],
    ["delete", "alice deleted deployment prod/api"],
  ])("past tense of %s on one object", (verb, start) => {
    expect(say({ verb })).toMatch(new RegExp(`^${start} — `));
  });

  it("collections: list, watch, deletecollection, and a create without a name", () => {
    expect(say({ verb: "list", resource: "pods", name: null })).toMatch(/^alice listed pods in prod — /);
    expect(say({ verb: "watch", resource: "nodes", namespace: null, name: null })).toMatch(/^alice watched nodes — /);
    expect(say({ verb: "deletecollection", resource: "pods", name: null })).toMatch(/^alice deleted all pods in prod — /);
    expect(say({ verb: "create", resource: "pods", name: null })).toMatch(/^alice created a pod in prod — /);
  });

  it("subresources say what happened", () => {
    const pod = { resource: "pods", name: "web-1" };
    expect(say({ ...pod, verb: "create", subresource: "exec" })).toMatch(/^alice exec'd into pod prod\/web-1 — /);
    expect(say({ ...pod, verb: "get", subresource: "log" })).toMatch(/^alice read the logs of pod prod\/web-1 — /);
    expect(say({ ...pod, verb: "create", subresource: "portforward" })).toMatch(/^alice port-forwarded to pod prod\/web-1 — /);
    expect(say({ ...pod, verb: "create", subresource: "attach" })).toMatch(/^alice attached to pod prod\/web-1 — /);
    expect(say({ ...pod, verb: "create", subresource: "eviction" })).toMatch(/^alice evicted pod prod\/web-1 — /);
    expect(say({ verb: "patch", subresource: "status" })).toMatch(/^alice patched the status of deployment prod\/api — /);
    expect(say({ verb: "update", subresource: "scale" })).toMatch(/^alice scaled deployment prod\/api — /);
    expect(say({ verb: "get", subresource: "scale" })).toMatch(/^alice read the scale of deployment prod\/api — /);
  });

  it("an exec names its command and container; attach, log and port-forward what they reached", () => {
    const pod = { resource: "pods", namespace: "ns", name: "p", verb: "create", code: 101 };
    const uri = (sub: string, q: string) => `/api/v1/namespaces/ns/pods/p/${sub}?${q}`;
    const exec = { ...pod, subresource: "exec", requestURI: uri("exec", "command=sh&command=-c&command=id&container=app&stdin=true&stdout=true&tty=true") };
    expect(say(exec)).toMatch(/^alice exec'd `sh -c id` in pod ns\/p \(container app, stdin, tty\) — 101 Switching Protocols/);
    expect(say({ ...exec, code: 403, decision: "forbid" })).toMatch(/^alice was forbidden to exec `sh -c id` in pod ns\/p \(container app, stdin, tty\) — /);
    expect(say({ ...pod, subresource: "exec", requestURI: uri("exec", "container=app") })).toMatch(/^alice exec'd into pod ns\/p \(container app\) — /);
    expect(say({ ...pod, subresource: "attach", requestURI: uri("attach", "container=app&stdin=true") })).toMatch(/^alice attached to pod ns\/p \(container app, stdin\) — /);
    expect(say({ ...pod, subresource: "portforward", requestURI: uri("portforward", "ports=8080&ports=9090") })).toMatch(/^alice port-forwarded to pod ns\/p \(ports 8080, 9090\) — /);
    expect(say({ ...pod, verb: "get", code: 200, subresource: "log", requestURI: uri("log", "container=app") })).toMatch(/^alice read the logs of pod ns\/p \(container app\) — /);
    const long = `command=sh&command=-c&command=${"x".repeat(200)}`;
    expect(say({ ...pod, subresource: "exec", requestURI: uri("exec", long) })).toMatch(/^alice exec'd `sh -c x{73}…` in pod ns\/p — /);
  });

  it("cluster-scoped objects have no namespace", () => {
    expect(say({ resource: "clusterroles", namespace: null, name: "admin" })).toMatch(/^alice deleted clusterrole admin — /);
  });

  it("impersonation names both users", () => {
    expect(say({ user: "system:admin", impersonatedUser: "bob" })).toMatch(/^system:admin as bob deleted /);
  });

  it("non-resource URLs name the method and path without the query", () => {
    expect(say({ verb: "get", resource: null, namespace: null, name: null, requestURI: "/healthz?verbose=1" })).toMatch(
      /^alice called GET \/healthz — 200 OK/,
    );
  });

  it("forbidden and failed requests are attempts", () => {
    expect(say({ code: 403, decision: "forbid" })).toMatch(/^alice was forbidden to delete deployment prod\/api — 403 Forbidden,/);
    expect(say({ code: 404, verb: "get" })).toMatch(/^alice tried to read deployment prod\/api — 404 Not Found,/);
    expect(say({ code: null, latencyMs: null })).toBe(
      "alice tried to delete deployment prod/api — no response recorded, from 10.0.0.5 with kubectl 1.30.3",
    );
  });

  it("leaves out what is unknown", () => {
    expect(say({ latencyMs: null, sourceIP: null, userAgent: null })).toBe("alice deleted deployment prod/api — 200 OK");
    expect(say({ user: null })).toMatch(/^an unknown user deleted /);
    expect(say({ latencyMs: 0.3 })).toContain("200 OK, <1 ms,");
    expect(say({ latencyMs: 95_000 })).toContain("200 OK, 1 min 35 s,");
  });

  it("gives the pieces for linking", () => {
    expect(describeParts({ ...base, code: 201, verb: "create" })).toEqual({
      actor: "alice",
      action: "created deployment prod/api",
      outcome: "201 Created, 12 ms, from 10.0.0.5 with kubectl 1.30.3",
    });
  });
});

describe("singularKind", () => {
  it.each([
    ["pods", "pod"],
    ["deployments", "deployment"],
    ["networkpolicies", "networkpolicy"],
    ["ingresses", "ingress"],
    ["storageclasses", "storageclass"],
    ["endpoints", "endpoints"],
    ["componentstatuses", "componentstatus"],
    ["leases", "lease"],
    ["configmaps", "configmap"],
  ])("%s → %s", (plural, singular) => {
    expect(singularKind(plural)).toBe(singular);
  });
});

describe("actorKind", () => {
  it("tells service accounts, nodes, anonymous, system components and people apart", () => {
    expect(actorKind("system:serviceaccount:kube-system:replicaset-controller")).toEqual({ kind: "serviceaccount", namespace: "kube-system", name: "replicaset-controller" });
    expect(actorKind("system:node:minikube")).toEqual({ kind: "node", node: "minikube" });
    expect(actorKind("system:anonymous")).toEqual({ kind: "anonymous" });
    expect(actorKind("system:kube-controller-manager")).toEqual({ kind: "system" });
    expect(actorKind("alice@example.com")).toEqual({ kind: "human" });
    expect(actorKindLabel(actorKind("system:serviceaccount:ci:deployer"))).toBe("service account deployer in namespace ci");
  });
});
