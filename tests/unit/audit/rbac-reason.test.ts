import { describe, expect, it } from "vitest";
import { explainAuthorization, parseRbacReason } from "@/lib/audit/rbac-reason";

describe("parseRbacReason", () => {
  it("ClusterRoleBinding to a Group", () => {
    expect(
      parseRbacReason(
        'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:authenticated"',
      ),
    ).toEqual({
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

  it("is null for anything else", () => {
    expect(parseRbacReason(null)).toBeNull();
    expect(parseRbacReason("")).toBeNull();
    expect(parseRbacReason('no relationship found between node "n1" and this object')).toBeNull();
  });
});

describe("explainAuthorization", () => {
  it("RBAC, other authorizers as text, and empty reasons", () => {
    expect(explainAuthorization('RBAC: allowed by ClusterRoleBinding "a" of ClusterRole "b" to User "c"').kind).toBe("rbac");
    expect(explainAuthorization('no relationship found between node "n1" and this object')).toEqual({
      kind: "text",
      text: 'no relationship found between node "n1" and this object',
    });
    expect(explainAuthorization("  ")).toEqual({ kind: "none" });
    expect(explainAuthorization(null)).toEqual({ kind: "none" });
  });
});
