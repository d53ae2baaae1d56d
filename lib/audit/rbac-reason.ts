/**
 * What `authorization.k8s.io/reason` says about an RBAC decision. Upstream (plugin/pkg/auth/authorizer/rbac
 * and pkg/registry/rbac/validation) prints `RBAC: allowed by <binding describer>`, where the describer is
 * - `ClusterRoleBinding "x" of ClusterRole "y" to Group "z"` (or `to User "u"`),
 * - `RoleBinding "x/ns" of Role "y" to …` (a RoleBinding may also refer to a ClusterRole),
 * - and a ServiceAccount subject is printed `ServiceAccount "name/namespace"`.
 * Names are Go %q-quoted. Clusters before 1.8 printed the describer without the `RBAC: ` prefix.
 */
export type RbacReason = {
  bindingKind: "ClusterRoleBinding" | "RoleBinding";
  /** As printed: RoleBindings carry "name/namespace". */
  binding: string;
  bindingName: string;
  /** The RoleBinding's namespace; null for ClusterRoleBindings. */
  bindingNamespace: string | null;
  roleKind: "ClusterRole" | "Role";
  role: string;
  /** User, Group or ServiceAccount. */
  subjectKind: string;
  /** As printed: ServiceAccounts carry "name/namespace". */
  subject: string;
  /** For ServiceAccounts, the username the API server authenticates them as. */
  subjectUser: string | null;
};

/** A Go %q string: quotes and backslashes escaped. */
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const RBAC = new RegExp(
  String.raw`^(?:RBAC: )?allowed by (ClusterRoleBinding|RoleBinding) ${QUOTED} of (ClusterRole|Role) ${QUOTED} to (\w+) ${QUOTED}`,
);

function unquote(s: string): string {
  return s.replace(/\\(.)/g, "$1");
}

function splitLast(s: string): [string, string | null] {
  const slash = s.lastIndexOf("/");
  return slash < 0 ? [s, null] : [s.slice(0, slash), s.slice(slash + 1)];
}

export function parseRbacReason(reason: string | null | undefined): RbacReason | null {
  if (!reason) return null;
  const m = RBAC.exec(reason.trim());
  if (!m) return null;
  const bindingKind = m[1] as RbacReason["bindingKind"];
  const binding = unquote(m[2]!);
  const subjectKind = m[5]!;
  const subject = unquote(m[6]!);
  const [bindingName, bindingNamespace] = bindingKind === "RoleBinding" ? splitLast(binding) : [binding, null];
  let subjectUser: string | null = null;
  if (subjectKind === "ServiceAccount") {
    const [name, ns] = splitLast(subject);
    if (ns) subjectUser = `system:serviceaccount:${ns}:${name}`;
  } else if (subjectKind === "User") {
    subjectUser = subject;
  }
  return {
    bindingKind,
    binding,
    bindingName,
    bindingNamespace,
    roleKind: m[3] as RbacReason["roleKind"],
    role: unquote(m[4]!),
    subjectKind,
    subject,
    subjectUser,
  };
}

/** How the request page explains an authorization decision. */
export type Authorization =
  | { kind: "rbac"; rbac: RbacReason }
  /** Node authorizer, webhook, ABAC, a denial message …: shown as the API server wrote it. */
  | { kind: "text"; text: string }
  /** Empty reason: upstream leaves it empty for system:masters, the Node authorizer's allows and most denials. */
  | { kind: "none" };

export function explainAuthorization(reason: string | null | undefined): Authorization {
  const rbac = parseRbacReason(reason);
  if (rbac) return { kind: "rbac", rbac };
  const text = reason?.trim();
  return text ? { kind: "text", text } : { kind: "none" };
}
