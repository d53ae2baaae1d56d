/**
 * What `authorization.k8s.io/reason` says about an RBAC decision, e.g.
 * `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to Group "z"` (or `to User`, `to ServiceAccount "n/ns"`),
 * and the RoleBinding form `RBAC: allowed by RoleBinding "x/ns" of Role "y" to …`.
 */
export type RbacReason = {
  bindingKind: "ClusterRoleBinding" | "RoleBinding";
  /** As printed: RoleBindings carry "name/namespace". */
  binding: string;
  roleKind: "ClusterRole" | "Role";
  role: string;
  subjectKind: string;
  subject: string;
};

const RBAC = /^RBAC: allowed by (ClusterRoleBinding|RoleBinding) "([^"]*)" of (ClusterRole|Role) "([^"]*)" to (\w+) "([^"]*)"/;

export function parseRbacReason(reason: string | null | undefined): RbacReason | null {
  if (!reason) return null;
  const m = RBAC.exec(reason);
  if (!m) return null;
  return {
    bindingKind: m[1] as RbacReason["bindingKind"],
    binding: m[2]!,
    roleKind: m[3] as RbacReason["roleKind"],
    role: m[4]!,
    subjectKind: m[5]!,
    subject: m[6]!,
  };
}
