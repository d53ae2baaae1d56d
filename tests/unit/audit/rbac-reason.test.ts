import { describe, expect, it } from "vitest";
import { parseRbacReason } from "@/lib/audit/rbac-reason";

describe("parseRbacReason", () => {
  it("ClusterRoleBinding to a Group", () => {
    expect(
      parseRbacReason(
        'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:authenticated"',
      ),
    ).toEqual({
      authorizer: "RBAC",
      bindingKind: "ClusterRoleBinding",
      binding: "system:public-info-viewer",
      bindingName: "system:public-info-viewer",
      bindingNamespace: null,
      roleKind: "ClusterRole",
      role: "system:public-info-viewer",
      subjectKind: "Group",
      subject: "system:authenticated",
      subjectUser: null,
    });
  });

  it("ClusterRoleBinding to a User", () => {
    const r = parseRbacReason(
      'RBAC: allowed by ClusterRoleBinding "system:kube-controller-manager" of ClusterRole "system:kube-controller-manager" to User "system:kube-controller-manager"',
    );
    expect(r).toMatchObject({ subjectKind: "User", subject: "system:kube-controller-manager", subjectUser: "system:kube-controller-manager" });
  });

  it("ClusterRoleBinding to a ServiceAccount: name/namespace, and the username it authenticates as", () => {
    const r = parseRbacReason(
      'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"',
    );
    expect(r).toMatchObject({
      binding: "system:controller:replicaset-controller",
      subjectKind: "ServiceAccount",
      subject: "replicaset-controller/kube-system",
      subjectUser: "system:serviceaccount:kube-system:replicaset-controller",
    });
  });

  it("RoleBinding name/namespace of a Role", () => {
    const r = parseRbacReason(
      'RBAC: allowed by RoleBinding "elastic-agent/kube-system" of Role "elastic-agent" to ServiceAccount "elastic-agent/kube-system"',
    );
    expect(r).toMatchObject({
      bindingKind: "RoleBinding",
      binding: "elastic-agent/kube-system",
      bindingName: "elastic-agent",
      bindingNamespace: "kube-system",
      roleKind: "Role",
      role: "elastic-agent",
    });
  });

  it("RoleBinding of a ClusterRole", () => {
    const r = parseRbacReason('RBAC: allowed by RoleBinding "edit-team/prod" of ClusterRole "edit" to User "alice"');
    expect(r).toMatchObject({ bindingKind: "RoleBinding", bindingName: "edit-team", roleKind: "ClusterRole", role: "edit", subject: "alice" });
  });

  it("pre-1.8 reasons without the RBAC: prefix, and %q escapes", () => {
    expect(parseRbacReason('allowed by ClusterRoleBinding "a" of ClusterRole "b" to User "c"')).toMatchObject({ binding: "a", role: "b", subject: "c" });
    expect(parseRbacReason('RBAC: allowed by ClusterRoleBinding "a\\"q" of ClusterRole "b" to User "c"')).toMatchObject({ binding: 'a"q' });
  });

  it("names written bare, as re-typed and re-serialised logs have them", () => {
    expect(parseRbacReason("RBAC: allowed by ClusterRoleBinding cluster-admin of ClusterRole cluster-admin to Group system:masters")).toMatchObject({
      authorizer: "RBAC",
      binding: "cluster-admin",
      roleKind: "ClusterRole",
      role: "cluster-admin",
      subjectKind: "Group",
      subject: "system:masters",
    });
    // A bare subject runs to the end of the line: group names may hold spaces.
    expect(parseRbacReason("allowed by RoleBinding edit-team/prod of ClusterRole edit to Group Platform Team")).toMatchObject({
      authorizer: null,
      bindingName: "edit-team",
      bindingNamespace: "prod",
      role: "edit",
      subject: "Platform Team",
    });
    expect(parseRbacReason("RBAC: allowed by RoleBinding deployer/ci of Role edit to ServiceAccount builder/ci")).toMatchObject({
      subjectUser: "system:serviceaccount:ci:builder",
    });
    expect(parseRbacReason("RBAC: allowed by RoleBinding 'ops-admin-binding' of Role 'ops-admin' to Group 'ops team'")).toMatchObject({
      binding: "ops-admin-binding",
      role: "ops-admin",
      subject: "ops team",
    });
  });

  it("the binding alone", () => {
    expect(parseRbacReason("RBAC: allowed by ClusterRoleBinding system:public-info-viewer")).toMatchObject({
      binding: "system:public-info-viewer",
      roleKind: null,
      role: null,
      subjectKind: null,
      subject: null,
      subjectUser: null,
    });
  });

  it("another authorizer's label in front of the same describer (EKS access policies)", () => {
    const r = parseRbacReason(
      'EKS Access Policy: allowed by ClusterRoleBinding "arn:aws:iam::111122223333:role/admin+arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" of ClusterRole "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" to User "admin"',
    );
    expect(r).toMatchObject({ authorizer: "EKS Access Policy", role: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", subject: "admin" });
  });

  it("Go's %q escapes: control characters, \\x bytes of UTF-8, \\u", () => {
    expect(parseRbacReason('RBAC: allowed by ClusterRoleBinding "a\\\\b\\tc" of ClusterRole "\\xc3\\xa9t\\u00e9" to User "\\U0001F642"')).toMatchObject({
      binding: "a\\b\tc",
      role: "été",
      subject: "🙂",
    });
  });

  it("the allowing line of a multi-line reason", () => {
    expect(parseRbacReason('webhook said no\nRBAC: allowed by ClusterRoleBinding "a" of ClusterRole "b" to User "c"')).toMatchObject({ binding: "a" });
  });

  it("is null for anything else", () => {
    expect(parseRbacReason(null)).toBeNull();
    expect(parseRbacReason("")).toBeNull();
    expect(parseRbacReason('no relationship found between node "n1" and this object')).toBeNull();
    expect(parseRbacReason('webhook: allowed by policy "x"')).toBeNull();
    expect(parseRbacReason('RBAC: [clusterrole.rbac.authorization.k8s.io "edit" not found]')).toBeNull();
    // Cut off inside a quoted name: nothing to link to.
    expect(parseRbacReason('RBAC: allowed by ClusterRoleBinding "cut')).toBeNull();
  });
});

