/** What kind of identity a username is, as Kubernetes names them. */
export type ActorKind =
  | { kind: "serviceaccount"; namespace: string; name: string }
  | { kind: "node"; node: string }
  | { kind: "anonymous" }
  /** Control-plane identities: system:kube-controller-manager, system:apiserver, system:kube-scheduler… */
  | { kind: "system" }
  /** Everything else: people and external identities (OIDC, certificates, cloud IAM). */
  | { kind: "human" };

export function actorKind(username: string): ActorKind {
  const sa = /^system:serviceaccount:([^:]+):(.+)$/.exec(username);
  if (sa) return { kind: "serviceaccount", namespace: sa[1]!, name: sa[2]! };
  const node = /^system:node:(.+)$/.exec(username);
  if (node) return { kind: "node", node: node[1]! };
  if (username === "system:anonymous") return { kind: "anonymous" };
  if (username.startsWith("system:")) return { kind: "system" };
  return { kind: "human" };
}

export function actorKindLabel(k: ActorKind): string {
  switch (k.kind) {
    case "serviceaccount":
      return `service account ${k.name} in namespace ${k.namespace}`;
    case "node":
      return `node ${k.node} (kubelet)`;
    case "anonymous":
      return "unauthenticated requests";
    case "system":
      return "control-plane component";
    case "human":
      return "user";
  }
}
