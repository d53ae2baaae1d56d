import { CONTROL_PLANE_IP, component, K8S_COMMIT, K8S_VERSION } from "./catalog";
import type { ResourceDef } from "./resources";

/** What the authorizer is asked: the request's attributes. */
export type AuthzRequest = {
  verb: string;
  res: ResourceDef | null;
  namespace: string | undefined;
  subresource: string | undefined;
};

/** The authorization reason when allowed, `null` when forbidden. */
export type Authorizer = (req: AuthzRequest) => string | null;

/** An identity that sends requests, with everything about it that is the same on each request. */
export type Actor = {
  username: string;
  /** The `user` field, serialized once. */
  userJson: string;
  /** The `userAgent` field, JSON-quoted once. */
  userAgentJson: string;
  /** `sourceIPs` values, JSON arrays; one is picked per request. */
  sourceIPs: readonly string[];
  /** Noisy system traffic a sane audit policy keeps at Metadata (kubelets, probes, the API server). */
  quiet: boolean;
  authorize: Authorizer;
  /** The `impersonatedUser` field, serialized, when this identity acts as someone else (kubectl --as). */
  impersonatedUserJson?: string;
  impersonatedUsername?: string;
};

export type UserInfo = { username: string; uid?: string; groups: readonly string[]; extra?: Record<string, readonly string[]> };

export const userJson = (u: UserInfo): string => JSON.stringify(u);

/** Go's %q is enough for names: they carry no quotes or backslashes. */
export const rbac = {
  clusterRoleBinding: (binding: string, role: string, subjectKind: string, subject: string) =>
    `RBAC: allowed by ClusterRoleBinding "${binding}" of ClusterRole "${role}" to ${subjectKind} "${subject}"`,
  roleBinding: (binding: string, ns: string, roleKind: "Role" | "ClusterRole", role: string, subjectKind: string, subject: string) =>
    `RBAC: allowed by RoleBinding "${binding}/${ns}" of ${roleKind} "${role}" to ${subjectKind} "${subject}"`,
};

export const always =
  (reason: string): Authorizer =>
  () =>
    reason;

export function makeActor(user: UserInfo, userAgent: string, sourceIPs: readonly (readonly string[])[], authorize: Authorizer, quiet = false): Actor {
  return {
    username: user.username,
    userJson: userJson(user),
    userAgentJson: JSON.stringify(userAgent),
    sourceIPs: sourceIPs.map((ips) => JSON.stringify(ips)),
    quiet,
    authorize,
  };
}

export const serviceAccountGroups = (ns: string) => ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"];

/** A kubelet. The Node authorizer, not RBAC, allows its requests, and it gives no reason. */
export function kubeletActor(nodeName: string, nodeIP: string): Actor {
  return makeActor(
    { username: `system:node:${nodeName}`, groups: ["system:nodes", "system:authenticated"] },
    component("kubelet"),
    [[nodeIP]],
    always(""),
    true,
  );
}

/** system:masters is allowed before RBAC is asked, so its reason is empty too. */
export function apiserverActor(): Actor {
  return makeActor(
    { username: "system:apiserver", uid: "7b8c3ad4-3f5e-4e0b-9b25-2d1c4a63e9f1", groups: ["system:authenticated", "system:masters"] },
    component("kube-apiserver"),
    [["::1"]],
    always(""),
    true,
  );
}

const loopbackOrControlPlane = [["127.0.0.1"], ["::1"], [CONTROL_PLANE_IP]] as const;

/** A control-plane user (system:kube-controller-manager, system:kube-scheduler) bound to its own ClusterRole. */
export function controlPlaneUser(username: string, userAgent: string): Actor {
  const reason = rbac.clusterRoleBinding(username, username, "User", username);
  return makeActor({ username, groups: ["system:authenticated"] }, userAgent, [[CONTROL_PLANE_IP]], always(reason), true);
}

/** One of kube-controller-manager's controllers, using its own service account. */
export function controllerActor(name: string, uid: string, credentialId: string): Actor {
  const user: UserInfo = {
    username: `system:serviceaccount:kube-system:${name}`,
    uid,
    groups: serviceAccountGroups("kube-system"),
    extra: { "authentication.kubernetes.io/credential-id": [`JTI=${credentialId}`] },
  };
  const reason = rbac.clusterRoleBinding(`system:controller:${name}`, `system:controller:${name}`, "ServiceAccount", `${name}/kube-system`);
  const ua = `kube-controller-manager/${K8S_VERSION} (linux/amd64) kubernetes/${K8S_COMMIT}/system:serviceaccount:kube-system:${name}`;
  return makeActor(user, ua, loopbackOrControlPlane, always(reason));
}

/** The pod a service account's token is bound to, and the token's ID (JTI). */
export type PodBinding = { podName: string; podUid: string; credentialId: string };

export function podServiceAccountUser(ns: string, name: string, uid: string, binding: PodBinding): UserInfo {
  return {
    username: `system:serviceaccount:${ns}:${name}`,
    uid,
    groups: serviceAccountGroups(ns),
    extra: {
      // 1.30 can also add node-name and node-uid (ServiceAccountTokenPodNodeInfo); left out to keep
      // events near the benchmark's calibrated size.
      "authentication.kubernetes.io/credential-id": [`JTI=${binding.credentialId}`],
      "authentication.kubernetes.io/pod-name": [binding.podName],
      "authentication.kubernetes.io/pod-uid": [binding.podUid],
    },
  };
}

/** `actor` acting as `target` (kubectl --as): authenticated as the first, authorized as the second. */
export function impersonating(actor: Actor, target: UserInfo, authorize: Authorizer): Actor {
  return { ...actor, impersonatedUserJson: userJson(target), impersonatedUsername: target.username, authorize };
}
