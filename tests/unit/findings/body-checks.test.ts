import { describe, expect, it } from "vitest";
import { checkBody } from "@/lib/findings/body-checks";
import type { BodyCheckContext, LoggedBodies } from "@/lib/findings/types";
import type { MatchableRequest } from "@/lib/query/matchable";

const request = (resource: string, verb = "create", extra: Partial<MatchableRequest> = {}): MatchableRequest => ({
  tsUs: 1_715_342_400_000_000,
  cluster: "prod",
  auditID: "a-1",
  user: "alice",
  groups: ["system:authenticated"],
  impersonatedUser: null,
  verb,
  apiGroup: "",
  apiVersion: "v1",
  resource,
  subresource: null,
  namespace: "prod",
  name: "web",
  requestURI: `/api/v1/namespaces/prod/${resource}`,
  code: 201,
  latencyUs: 1000,
  sourceIP: "10.0.0.5",
  userAgent: "kubectl/v1.30.3",
  level: "Request",
  stages: ["ResponseComplete"],
  decision: "allow",
  flags: [],
  reason: null,
  message: null,
  rules: [],
  ...extra,
});

const ctx: BodyCheckContext = { trustedRegistries: ["registry.k8s.io/", "ghcr.io/acme"], roleRules: () => undefined };

const spec = {
  containers: [
    { name: "app", image: "ghcr.io/acme/app:1", securityContext: { privileged: true, capabilities: { add: ["NET_BIND_SERVICE", "SYS_ADMIN"] } } },
    { name: "sidecar", image: "evil.io/x:1" },
  ],
  initContainers: [{ name: "setup", image: "busybox", securityContext: { capabilities: { add: ["CAP_NET_ADMIN", "BPF"] } } }],
  volumes: [{ name: "sock", hostPath: { path: "/var/run/docker.sock" } }, { name: "data", emptyDir: {} }],
  hostNetwork: true,
  hostPID: true,
  hostIPC: true,
};

/** The same pod spec in every place a workload kind keeps it. */
const WORKLOADS: [string, string, object][] = [
  ["pods", "Pod", { spec }],
  ["deployments", "Deployment", { spec: { template: { spec } } }],
  ["daemonsets", "DaemonSet", { spec: { template: { spec } } }],
  ["statefulsets", "StatefulSet", { spec: { template: { spec } } }],
  ["replicasets", "ReplicaSet", { spec: { template: { spec } } }],
  ["jobs", "Job", { spec: { template: { spec } } }],
  ["replicationcontrollers", "ReplicationController", { spec: { template: { spec } } }],
  ["cronjobs", "CronJob", { spec: { jobTemplate: { spec: { template: { spec } } } } }],
];

describe("checkBody on workloads", () => {
  describe.each(WORKLOADS)("%s", (resource, kind, object) => {
    const bodies: LoggedBodies = { requestObject: { kind, ...object } };
    it.each([
      ["privileged", "privileged: container app"],
      ["host-path", "hostPath /var/run/docker.sock"],
      ["host-network", "hostNetwork: true"],
      ["host-pid", "hostPID: true"],
      ["host-ipc", "hostIPC: true"],
      ["added-capabilities", "capability SYS_ADMIN added: container app; capabilities NET_ADMIN, BPF added: init container setup"],
      ["untrusted-image", "images evil.io/x:1, busybox not from a trusted registry"],
    ] as const)("%s", (check, found) => {
      expect(checkBody(check, bodies, request(resource), ctx)).toEqual({ found });
    });
  });

  it("finds nothing in a plain pod", () => {
    const bodies = { requestObject: { kind: "Pod", spec: { containers: [{ name: "app", image: "registry.k8s.io/pause:3.9", securityContext: { privileged: false, capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] } } }] } } };
    for (const check of ["privileged", "host-path", "host-network", "host-pid", "host-ipc", "added-capabilities", "untrusted-image"] as const) {
      expect(checkBody(check, bodies, request("pods"), ctx)).toEqual({ found: null });
    }
  });

  it("names every privileged container", () => {
    const bodies = { requestObject: { spec: { containers: [{ name: "a", securityContext: { privileged: true } }], ephemeralContainers: [{ name: "debugger", securityContext: { privileged: true } }] } } };
    expect(checkBody("privileged", bodies, request("pods"), ctx)).toEqual({ found: "privileged: containers a, ephemeral container debugger" });
  });

  it("says the body was not logged when no object was", () => {
    expect(checkBody("privileged", undefined, request("pods"), ctx)).toEqual({ notLogged: true });
    expect(checkBody("privileged", {}, request("pods"), ctx)).toEqual({ notLogged: true });
  });

  it("reads a failed create's request, not the Status it answered", () => {
    const bodies = { requestObject: { kind: "Pod", spec: { hostPID: true } }, responseObject: { kind: "Status", code: 403 } };
    expect(checkBody("host-pid", bodies, request("pods"), ctx)).toEqual({ found: "hostPID: true" });
  });

  it("finds no pod spec in other objects or in status writes", () => {
    expect(checkBody("privileged", { requestObject: { kind: "Service", spec: { type: "NodePort" } } }, request("services"), ctx)).toEqual({ found: null });
    const pod = { kind: "Pod", spec };
    expect(checkBody("privileged", { responseObject: pod }, request("pods", "patch", { subresource: "status" }), ctx)).toEqual({ found: null });
  });

  it("judges only the ephemeral containers of an ephemeral-container write", () => {
    const pod = { kind: "Pod", spec: { ...spec, ephemeralContainers: [{ name: "debugger", image: "evil.io/dbg", securityContext: { privileged: true } }] } };
    const write = request("pods", "patch", { subresource: "ephemeralcontainers" });
    expect(checkBody("privileged", { responseObject: pod }, write, ctx)).toEqual({ found: "privileged: ephemeral container debugger" });
    expect(checkBody("untrusted-image", { responseObject: pod }, write, ctx)).toEqual({ found: "image evil.io/dbg not from a trusted registry" });
    expect(checkBody("host-network", { responseObject: pod }, write, ctx)).toEqual({ found: null });
    expect(checkBody("host-path", { responseObject: pod }, write, ctx)).toEqual({ found: null });
  });
});

describe("checkBody on patches", () => {
  const patch = (requestObject: unknown, responseObject?: unknown) => ({ requestObject, responseObject });

  it("reads what a strategic merge patch sets", () => {
    const body = patch({ spec: { template: { spec: { $setElementOrder: [], containers: [{ name: "app", securityContext: { privileged: true } }] } } } });
    expect(checkBody("privileged", body, request("deployments", "patch"), ctx)).toEqual({ found: "privileged: container app" });
    expect(checkBody("host-network", body, request("deployments", "patch"), ctx)).toEqual({ found: null });
  });

  it("reads what a JSON patch adds or replaces", () => {
    const ops = [
      { op: "add", path: "/spec/template/spec/containers/0/securityContext/privileged", value: true },
      { op: "replace", path: "/spec/template/spec/hostNetwork", value: true },
      { op: "add", path: "/spec/template/spec/volumes/-", value: { name: "root", hostPath: { path: "/" } } },
      { op: "remove", path: "/spec/template/spec/hostPID" },
    ];
    expect(checkBody("privileged", patch(ops), request("deployments", "patch"), ctx)).toEqual({ found: "privileged: containers[0]" });
    expect(checkBody("host-network", patch(ops), request("deployments", "patch"), ctx)).toEqual({ found: "hostNetwork: true" });
    expect(checkBody("host-path", patch(ops), request("deployments", "patch"), ctx)).toEqual({ found: "hostPath /" });
    expect(checkBody("host-pid", patch(ops), request("deployments", "patch"), ctx)).toEqual({ found: null });
  });

  it("reads a patch logged as JSON text", () => {
    const body = patch(JSON.stringify({ spec: { jobTemplate: { spec: { template: { spec: { hostIPC: true } } } } } }));
    expect(checkBody("host-ipc", body, request("cronjobs", "patch"), ctx)).toEqual({ found: "hostIPC: true" });
  });

  it("prefers the result the response logged over the patch", () => {
    const result = { kind: "Deployment", spec: { template: { spec: { containers: [{ name: "app", image: "evil.io/x:2" }] } } } };
    const body = patch([{ op: "replace", path: "/spec/template/spec/containers/0/image", value: "evil.io/x:2" }], result);
    expect(checkBody("untrusted-image", body, request("deployments", "patch"), ctx)).toEqual({ found: "image evil.io/x:2 not from a trusted registry" });
    const cleared = patch({ spec: { template: { spec: { hostNetwork: true } } } }, { kind: "Deployment", spec: { template: { spec: { hostNetwork: false } } } });
    expect(checkBody("host-network", cleared, request("deployments", "patch"), ctx)).toEqual({ found: null });
  });
});

describe("untrusted-image", () => {
  const pod = (image: string) => ({ requestObject: { kind: "Pod", spec: { containers: [{ name: "c", image }] } } });
  const check = (image: string, trustedRegistries: string[]) => checkBody("untrusted-image", pod(image), request("pods"), { ...ctx, trustedRegistries });

  it.each([
    ["registry.k8s.io/pause:3.9", ["registry.k8s.io/"]],
    ["ghcr.io/acme/app@sha256:abc", ["ghcr.io/acme"]],
    ["nginx:1.27", ["docker.io/library/"]],
    ["acme/app", ["docker.io/acme/"]],
  ])("trusts %s under %j", (image, trusted) => {
    expect(check(image, trusted)).toEqual({ found: null });
  });

  it.each([
    ["ghcr.io/acme-evil/app", ["ghcr.io/acme"]],
    ["registry.k8s.io.evil.com/pause", ["registry.k8s.io"]],
    ["nginx", ["ghcr.io/"]],
  ])("distrusts %s under %j", (image, trusted) => {
    expect(check(image, trusted)).toEqual({ found: `image ${image} not from a trusted registry` });
  });

  it("finds nothing when no registry is trusted (the rule is off then)", () => {
    expect(check("evil.io/x", [])).toEqual({ found: null });
  });
});

describe("powerful-role-rules", () => {
  const role = (rules: unknown[], kind = "ClusterRole") => ({ requestObject: { kind, rules } });
  const check = (rules: unknown[], resource = "clusterroles", verb = "create") => checkBody("powerful-role-rules", role(rules), request(resource, verb), ctx);

  it.each([
    [[{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }], "rules grant verbs * on resources * in every API group"],
    [[{ apiGroups: [""], resources: ["pods"], verbs: ["*"] }], "rules grant verbs * on resources pods"],
    [[{ apiGroups: ["apps"], resources: ["*"], verbs: ["get"] }], "rules grant verbs get on resources *"],
    [[{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["escalate", "bind"] }], "rules grant verbs escalate,bind on resources clusterroles"],
    [[{ apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] }, { apiGroups: [""], resources: ["pods"], verbs: ["get"] }], "rules grant verbs impersonate on resources users,groups"],
  ])("%j → %s", (rules, found) => {
    expect(check(rules)).toEqual({ found });
    expect(check(rules, "roles", "update")).toEqual({ found });
  });

  it("leaves narrow roles and non-resource URLs alone", () => {
    expect(check([{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] }])).toEqual({ found: null });
    expect(check([{ nonResourceURLs: ["*"], verbs: ["*"] }])).toEqual({ found: null });
  });

  it("reads a JSON patch that appends a rule", () => {
    const body = { requestObject: [{ op: "add", path: "/rules/-", value: { apiGroups: [""], resources: ["secrets"], verbs: ["*"] } }] };
    expect(checkBody("powerful-role-rules", body, request("clusterroles", "patch"), ctx)).toEqual({ found: "rules grant verbs * on resources secrets" });
  });

  it("is not about other resources", () => {
    expect(checkBody("powerful-role-rules", role([{ resources: ["*"], verbs: ["*"] }]), request("configmaps"), ctx)).toEqual({ found: null });
  });
});

describe("powerful-role-ref", () => {
  const binding = (roleRef: object, subjects: object[] = [{ kind: "User", name: "mallory" }]) => ({
    requestObject: { kind: "ClusterRoleBinding", roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef }, subjects },
  });

  it("finds a binding to cluster-admin", () => {
    const body = binding({ kind: "ClusterRole", name: "cluster-admin" }, [{ kind: "User", name: "mallory" }, { kind: "ServiceAccount", namespace: "ci", name: "deployer" }]);
    expect(checkBody("powerful-role-ref", body, request("clusterrolebindings"), ctx)).toEqual({
      found: "roleRef ClusterRole cluster-admin for User mallory, ServiceAccount ci/deployer",
    });
  });

  it("finds a binding to a role whose logged rules hold a wildcard", () => {
    const asked: unknown[] = [];
    const roles: BodyCheckContext = {
      ...ctx,
      roleRules: (ref) => {
        asked.push(ref);
        return ref.name === "ops" ? [{ apiGroups: [""], resources: ["*"], verbs: ["get"] }] : [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }];
      },
    };
    const body = binding({ kind: "Role", name: "ops" });
    expect(checkBody("powerful-role-ref", body, request("rolebindings"), roles)).toEqual({ found: "roleRef Role ops for User mallory: it grants verbs get on resources *" });
    expect(asked).toEqual([{ kind: "Role", namespace: "prod", name: "ops" }]);
    expect(checkBody("powerful-role-ref", binding({ kind: "ClusterRole", name: "view" }), request("clusterrolebindings", "create", { namespace: null }), roles)).toEqual({ found: null });
    expect(asked[1]).toEqual({ kind: "ClusterRole", namespace: null, name: "view" });
  });

  it("finds nothing for a role the store never saw", () => {
    expect(checkBody("powerful-role-ref", binding({ kind: "ClusterRole", name: "mystery" }), request("clusterrolebindings"), ctx)).toEqual({ found: null });
  });

  it("reads the binding from the response of a patch", () => {
    const body = { requestObject: { subjects: [{ kind: "User", name: "eve" }] }, responseObject: { kind: "ClusterRoleBinding", roleRef: { kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "User", name: "eve" }] } };
    expect(checkBody("powerful-role-ref", body, request("clusterrolebindings", "patch"), ctx)).toEqual({ found: "roleRef ClusterRole cluster-admin for User eve" });
    expect(checkBody("powerful-role-ref", { requestObject: body.requestObject }, request("clusterrolebindings", "patch"), ctx)).toEqual({ found: null });
  });
});
