import type { AuditEvent } from "@/lib/audit/event";
import { formatMicros, parseMicros } from "@/lib/time/micros";
import { makeEvent } from "../../helpers/events";

const status = (code: number, message?: string) => ({ metadata: {}, code, ...(message ? { message } : {}) }) as AuditEvent["responseStatus"];
const authz = (decision: string | null, reason?: string) => ({
  ...(decision ? { "authorization.k8s.io/decision": decision } : {}),
  ...(reason !== undefined ? { "authorization.k8s.io/reason": reason } : {}),
});
const at = (second: number, micros = 0) => `2024-05-10T12:00:${String(second).padStart(2, "0")}.${String(micros).padStart(6, "0")}Z`;

/** A request in two stages, its latency what lies between them. */
function staged(base: Partial<AuditEvent> & Record<string, unknown>, second: number, latencyUs: number): AuditEvent[] {
  const received = at(second);
  const stageTimestamp = formatMicros(parseMicros(received) + latencyUs);
  const first = makeEvent({ ...base, stage: "RequestReceived", requestReceivedTimestamp: received, stageTimestamp: received, responseStatus: undefined });
  return [first, { ...first, ...base, stage: "ResponseComplete", stageTimestamp, responseStatus: status(200) } as AuditEvent];
}

const RBAC_CRB = 'RBAC: allowed by ClusterRoleBinding "ops-admins" of ClusterRole "admin" to Group "ops"';
const RBAC_RB = 'RBAC: allowed by RoleBinding "deployer/ci" of Role "edit" to ServiceAccount "builder/ci"';
const RBAC_OLD = 'allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"';
const RBAC_UNQUOTED = "RBAC: allowed by RoleBinding exec-team/dev of ClusterRole edit to Group platform team";
const RBAC_QUOTED = 'RBAC: allowed by ClusterRoleBinding "we\\"ird" of ClusterRole "a*b" to User "ünï"';

/**
 * Requests whose fields take the odd values a filter must get right: absent fields, IPv6, unicode,
 * wildcard characters in values, user agent shapes, RBAC reasons of each form, subresources, cluster-scoped
 * objects, every level, stage, decision and flag. Two clusters: written as "east" and "west".
 */
export function syntheticEvents(): { east: AuditEvent[]; west: AuditEvent[] } {
  const east: AuditEvent[] = [
    makeEvent({ auditID: "a-delete", verb: "delete", requestURI: "/apis/apps/v1/namespaces/prod/deployments/api",
      objectRef: { resource: "deployments", namespace: "prod", name: "api", apiGroup: "apps", apiVersion: "v1" },
      sourceIPs: ["10.1.2.3", "192.168.0.1"], annotations: authz("allow", RBAC_CRB), requestReceivedTimestamp: at(1) }),
    makeEvent({ verb: "get", level: "RequestResponse", requestReceivedTimestamp: at(2), stageTimestamp: at(2, 12_500) }),
    makeEvent({ verb: "list", requestURI: "/api/v1/namespaces/kube-system/secrets?limit=500",
      objectRef: { resource: "secrets", namespace: "kube-system", apiVersion: "v1" },
      user: { username: "bob", groups: ["system:authenticated"] }, sourceIPs: ["192.168.1.20"], userAgent: "curl/8.5.0",
      responseStatus: status(403, 'secrets is forbidden: User "bob" cannot list resource "secrets" in API group ""'),
      annotations: authz("forbid", ""), requestReceivedTimestamp: at(3) }),
    makeEvent({ verb: "get", requestURI: "/api/v1/namespaces/prod/pods/web-1/log?container=app",
      objectRef: { resource: "pods", subresource: "log", namespace: "prod", name: "web-1", apiVersion: "v1" },
      user: { username: "system:node:n1", groups: ["system:nodes"] }, sourceIPs: ["2001:db8::7"],
      userAgent: "kubelet/v1.29.1 (linux/amd64) kubernetes/abc", requestReceivedTimestamp: at(4), stageTimestamp: at(4, 900_000) }),
    makeEvent({ verb: "create", requestURI: "/api/v1/namespaces/dev/pods/db-0/exec?command=sh&stdin=true",
      objectRef: { resource: "pods", subresource: "exec", namespace: "dev", name: "db-0", apiVersion: "v1" },
      user: { username: "carol" }, impersonatedUser: { username: "system:admin" }, sourceIPs: ["::ffff:10.200.0.1"],
      responseStatus: status(101), annotations: authz("allow", RBAC_RB), requestReceivedTimestamp: at(5) }),
    makeEvent({ verb: "get", requestURI: "/healthz", objectRef: undefined, user: { username: "system:anonymous" },
      sourceIPs: ["127.0.0.1"], userAgent: "kube-probe/1.30", responseStatus: status(500, "etcd not ready: Ünïcödé ØRESUND straße"),
      stage: "Panic", annotations: undefined, requestReceivedTimestamp: at(6) }),
    makeEvent({ verb: "patch", requestURI: "/api/v1/namespaces/prod/configmaps/a*b?x",
      objectRef: { resource: "configmaps", namespace: "prod", name: "a*b", apiVersion: "v1" },
      user: { username: "dev[1]?", groups: ["g*1", "[admins]"] }, requestReceivedTimestamp: at(7) }),
    makeEvent({ verb: "update", requestURI: "/api/v1/nodes/node-1/status",
      objectRef: { resource: "nodes", subresource: "status", name: "node-1", apiVersion: "v1" },
      user: { username: "system:node:node-1", groups: ["system:nodes", "system:authenticated"] },
      userAgent: "kubelet/v1.30.3 (linux/amd64) kubernetes/6fc0a69", sourceIPs: ["fe80::1%eth0"],
      annotations: authz("allow", ""), requestReceivedTimestamp: at(8) }),
    makeEvent({ verb: "create", requestURI: "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
      objectRef: { resource: "clusterrolebindings", apiGroup: "rbac.authorization.k8s.io", apiVersion: "v1" },
      user: { username: "system:serviceaccount:kube-system:clusterrole-aggregation-controller" },
      userAgent: "kube-controller-manager/v1.30.3 (linux/amd64) kubernetes/6fc0a69/system:serviceaccount:kube-system:x",
      responseStatus: status(201), annotations: authz("allow", RBAC_OLD), requestReceivedTimestamp: at(9) }),
    makeEvent({ verb: "watch", stage: "ResponseStarted", requestURI: "/api/v1/namespaces?watch=true",
      objectRef: { resource: "namespaces", apiVersion: "v1" }, responseStatus: undefined,
      user: { username: "system:serviceaccount:ci:deployer", groups: [] }, userAgent: "Go-http-client/2.0",
      sourceIPs: [], annotations: authz("allow", "webhook: allowed by policy \"x\""), requestReceivedTimestamp: at(10) }),
    makeEvent({ verb: "get", level: "None", requestURI: "/api/v1/namespaces/café/configmaps/ÜBER-config",
      objectRef: { resource: "configmaps", namespace: "café", name: "ÜBER-config", apiVersion: "v1" },
      user: { username: "Ünï" }, userAgent: "my tool with spaces  ", responseStatus: status(404, "configmaps \"ÜBER-config\" not found 日本語 🙂"),
      requestReceivedTimestamp: at(11) }),
    makeEvent({ verb: "get", level: "Request", requestURI: "/apis/metrics.k8s.io/v1beta1/nodes",
      objectRef: { resource: "nodes", apiGroup: "metrics.k8s.io", apiVersion: "v1beta1" },
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
      sourceIPs: ["203.0.113.9"], annotations: authz("allow", RBAC_QUOTED), requestReceivedTimestamp: at(12) }),
    makeEvent({ verb: "create", requestURI: "/api/v1/namespaces/dev/pods/db-0/exec?command=sh&command=-c&command=echo+%22a*b%22+%3E+%2Ftmp%2Fx&container=db&container=other&stdin=true&tty=1",
      objectRef: { resource: "pods", subresource: "exec", namespace: "dev", name: "db-0", apiVersion: "v1" },
      user: { username: "alice" }, responseStatus: status(101), annotations: authz("allow", RBAC_UNQUOTED), requestReceivedTimestamp: at(14, 10) }),
    makeEvent({ verb: "create", requestURI: "/api/v1/namespaces/dev/pods/db-0/attach?container=db&stdout=true&stderr=false&command=ignored",
      objectRef: { resource: "pods", subresource: "attach", namespace: "dev", name: "db-0", apiVersion: "v1" },
      responseStatus: status(101), requestReceivedTimestamp: at(14, 20) }),
    makeEvent({ verb: "create", requestURI: "/api/v1/namespaces/dev/pods/db-0/portforward?ports=5432&ports=8080,9090",
      objectRef: { resource: "pods", subresource: "portforward", namespace: "dev", name: "db-0", apiVersion: "v1" },
      responseStatus: status(101), requestReceivedTimestamp: at(14, 30) }),
    makeEvent({ verb: "create", requestURI: "/api/v1/namespaces/dev/pods/db-0/exec?command=&container=",
      objectRef: { resource: "pods", subresource: "exec", namespace: "dev", name: "db-0", apiVersion: "v1" },
      responseStatus: status(403), annotations: authz("forbid", ""), requestReceivedTimestamp: at(14, 40) }),
    makeEvent({ auditID: "0A1B2C3D-0000-4000-8000-00000000000F", verb: "deletecollection",
      requestURI: "/api/v1/namespaces/prod/events", objectRef: { resource: "events", namespace: "prod", apiVersion: "v1" },
      userAgent: "argocd-application-controller/v0.0.0 (linux/amd64) kubernetes/$Format", user: { username: "system:serviceaccount:argocd:argocd-application-controller" },
      responseStatus: status(409, "Operation cannot be fulfilled: the object has been modified"), requestReceivedTimestamp: at(13),
      annotations: { ...authz("allow", ""), "audit.k8s.io/truncated": "true" } }),
    makeEvent({ auditID: "not-a-uuid*[x]", verb: "get", requestURI: "/version", objectRef: undefined, user: {},
      userAgent: undefined, sourceIPs: undefined, responseStatus: undefined, annotations: undefined, requestReceivedTimestamp: at(14) }),
    makeEvent({ verb: "create", requestURI: "/apis/apps/v1/namespaces/prod/deployments/api/scale",
      objectRef: { resource: "deployments", subresource: "scale", namespace: "prod", name: "api", apiGroup: "apps", apiVersion: "v1" },
      requestReceivedTimestamp: "2999-01-01T00:00:00.000000Z", stageTimestamp: "2999-01-01T00:00:00.250000Z" }),
  ];
  const conflicted = makeEvent({ verb: "update", requestURI: "/api/v1/namespaces/prod/services/api", requestReceivedTimestamp: at(15),
    objectRef: { resource: "services", namespace: "prod", name: "api", apiVersion: "v1" } });
  east.push(conflicted, { ...conflicted, responseStatus: status(422, "Service \"api\" is invalid") } as AuditEvent);
  east.push(...staged({ verb: "create", user: { username: "alice", groups: ["devs"] } }, 16, 1_000_000));
  east.push(...staged({ verb: "list", userAgent: "kubectl/v1.31.0 (darwin/arm64) kubernetes/abc" }, 17, 500_500));
  east.push(...staged({ verb: "get", sourceIPs: ["10.0.0.5"] }, 18, 499_999));
  const west: AuditEvent[] = [
    makeEvent({ verb: "get", requestReceivedTimestamp: at(20), user: { username: "alice", groups: ["devs", "system:authenticated"] } }),
    makeEvent({ verb: "delete", requestReceivedTimestamp: at(21), requestURI: "/api/v1/namespaces/prod/secrets/db-password",
      objectRef: { resource: "secrets", namespace: "prod", name: "db-password", apiVersion: "v1" }, sourceIPs: ["10.255.255.255"] }),
  ];
  return { east, west };
}
