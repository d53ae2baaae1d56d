/** One API resource as the API server routes it. */
export type ResourceDef = {
  resource: string;
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
};

const def = (resource: string, group: string, version: string, kind: string, namespaced = true): ResourceDef => ({
  resource,
  group,
  version,
  kind,
  namespaced,
});

export const R = {
  pods: def("pods", "", "v1", "Pod"),
  configmaps: def("configmaps", "", "v1", "ConfigMap"),
  secrets: def("secrets", "", "v1", "Secret"),
  services: def("services", "", "v1", "Service"),
  endpoints: def("endpoints", "", "v1", "Endpoints"),
  events: def("events", "", "v1", "Event"),
  serviceaccounts: def("serviceaccounts", "", "v1", "ServiceAccount"),
  persistentvolumeclaims: def("persistentvolumeclaims", "", "v1", "PersistentVolumeClaim"),
  resourcequotas: def("resourcequotas", "", "v1", "ResourceQuota"),
  nodes: def("nodes", "", "v1", "Node", false),
  namespaces: def("namespaces", "", "v1", "Namespace", false),
  persistentvolumes: def("persistentvolumes", "", "v1", "PersistentVolume", false),
  endpointslices: def("endpointslices", "discovery.k8s.io", "v1", "EndpointSlice"),
  deployments: def("deployments", "apps", "v1", "Deployment"),
  replicasets: def("replicasets", "apps", "v1", "ReplicaSet"),
  statefulsets: def("statefulsets", "apps", "v1", "StatefulSet"),
  daemonsets: def("daemonsets", "apps", "v1", "DaemonSet"),
  controllerrevisions: def("controllerrevisions", "apps", "v1", "ControllerRevision"),
  jobs: def("jobs", "batch", "v1", "Job"),
  cronjobs: def("cronjobs", "batch", "v1", "CronJob"),
  leases: def("leases", "coordination.k8s.io", "v1", "Lease"),
  eventsV1: def("events", "events.k8s.io", "v1", "Event"),
  roles: def("roles", "rbac.authorization.k8s.io", "v1", "Role"),
  rolebindings: def("rolebindings", "rbac.authorization.k8s.io", "v1", "RoleBinding"),
  clusterroles: def("clusterroles", "rbac.authorization.k8s.io", "v1", "ClusterRole", false),
  clusterrolebindings: def("clusterrolebindings", "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", false),
  ingresses: def("ingresses", "networking.k8s.io", "v1", "Ingress"),
  networkpolicies: def("networkpolicies", "networking.k8s.io", "v1", "NetworkPolicy"),
  horizontalpodautoscalers: def("horizontalpodautoscalers", "autoscaling", "v2", "HorizontalPodAutoscaler"),
  poddisruptionbudgets: def("poddisruptionbudgets", "policy", "v1", "PodDisruptionBudget"),
  customresourcedefinitions: def("customresourcedefinitions", "apiextensions.k8s.io", "v1", "CustomResourceDefinition", false),
  csinodes: def("csinodes", "storage.k8s.io", "v1", "CSINode", false),
  csidrivers: def("csidrivers", "storage.k8s.io", "v1", "CSIDriver", false),
  runtimeclasses: def("runtimeclasses", "node.k8s.io", "v1", "RuntimeClass", false),
  tokenreviews: def("tokenreviews", "authentication.k8s.io", "v1", "TokenReview", false),
  subjectaccessreviews: def("subjectaccessreviews", "authorization.k8s.io", "v1", "SubjectAccessReview", false),
  podMetrics: def("pods", "metrics.k8s.io", "v1beta1", "PodMetrics"),
  certificates: def("certificates", "cert-manager.io", "v1", "Certificate"),
  certificaterequests: def("certificaterequests", "cert-manager.io", "v1", "CertificateRequest"),
  applications: def("applications", "argoproj.io", "v1alpha1", "Application"),
  servicemonitors: def("servicemonitors", "monitoring.coreos.com", "v1", "ServiceMonitor"),
  postgresqls: def("postgresqls", "acid.zalan.do", "v1", "postgresql"),
  backups: def("backups", "velero.io", "v1", "Backup"),
  clusterpolicies: def("clusterpolicies", "kyverno.io", "v1", "ClusterPolicy", false),
  policyreports: def("policyreports", "wgpolicyk8s.io", "v1alpha2", "PolicyReport"),
} as const satisfies Record<string, ResourceDef>;

/** `/api/v1` or `/apis/apps/v1`. */
export function groupVersionPath(res: ResourceDef): string {
  return res.group === "" ? `/api/${res.version}` : `/apis/${res.group}/${res.version}`;
}

/**
 * The request path of a resource request. A namespaced resource without a namespace is the
 * all-namespaces collection (`/api/v1/pods`). `namespaces` itself is addressed by name only.
 */
export function resourcePath(res: ResourceDef, namespace: string | undefined, name?: string, subresource?: string): string {
  let path = groupVersionPath(res);
  if (res.namespaced && namespace) path += `/namespaces/${namespace}`;
  path += `/${res.resource}`;
  if (name !== undefined) path += `/${name}`;
  if (subresource !== undefined) path += `/${subresource}`;
  return path;
}

/** `deployments.apps`, as API errors name a resource; core resources have no suffix. */
export function qualifiedResource(res: ResourceDef): string {
  return res.group === "" ? res.resource : `${res.resource}.${res.group}`;
}
