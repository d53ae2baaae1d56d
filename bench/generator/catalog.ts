/** Fixed name lists the simulated cluster is built from. */

export const K8S_VERSION = "v1.30.3";
export const K8S_COMMIT = "6fc0a69";
export const CONTROL_PLANE_IP = "10.0.0.10";

/** Team namespaces: each runs a few apps. `-staging` copies run the same apps. */
export const TEAM_NAMESPACES = [
  "payments", "checkout", "catalog", "search", "identity", "notifications", "orders", "inventory", "shipping",
  "pricing", "recommendations", "reviews", "analytics", "data-pipeline", "ml-serving", "storefront", "mobile-bff",
  "gateway", "auth", "billing", "ledger", "fraud", "support", "cms", "media", "email", "reporting",
  "feature-flags", "loyalty", "promotions", "payments-staging", "checkout-staging", "catalog-staging",
  "search-staging", "storefront-staging", "orders-staging", "identity-staging",
];

/** Namespaces people and CI create, break and delete: where object histories get interesting. */
export const SCRATCH_NAMESPACES = ["dev-alice", "dev-bob", "dev-dave", "sandbox", "load-test", "preview-pr-4821", "preview-pr-4907"];

export const SYSTEM_NAMESPACES = [
  "kube-system", "kube-public", "kube-node-lease", "default", "argocd", "cert-manager", "monitoring", "ingress-nginx",
  "external-dns", "logging", "velero", "kyverno", "karpenter", "postgres-operator", "ci",
];

export const TEAM_COMPONENTS = ["api", "worker", "web", "consumer", "scheduler", "gateway", "cache", "db"] as const;
export type Component = (typeof TEAM_COMPONENTS)[number] | "system";

/** kube-controller-manager's controllers, each with its own service account (--use-service-account-credentials). */
export const CONTROLLERS = [
  "deployment-controller", "replicaset-controller", "endpointslice-controller", "endpoint-controller",
  "endpointslicemirroring-controller", "namespace-controller", "generic-garbage-collector", "job-controller",
  "cronjob-controller", "daemon-set-controller", "statefulset-controller", "node-controller",
  "horizontal-pod-autoscaler", "resourcequota-controller", "service-account-controller", "root-ca-cert-publisher",
  "ttl-after-finished-controller", "pod-garbage-collector", "disruption-controller", "attachdetach-controller",
  "pvc-protection-controller", "persistent-volume-binder", "clusterrole-aggregation-controller",
  "certificate-controller", "ephemeral-volume-controller", "ttl-controller", "expand-controller",
] as const;
export type ControllerName = (typeof CONTROLLERS)[number];

export const CLUSTER_ROLES = [
  "admin", "edit", "view", "cluster-admin", "system:node", "system:node-proxier", "system:kube-scheduler",
  "system:kube-controller-manager", "system:discovery", "system:public-info-viewer", "system:basic-user",
  "system:auth-delegator", "system:aggregate-to-view", "system:aggregate-to-edit", "system:aggregate-to-admin",
  "argocd-application-controller", "argocd-server", "cert-manager-controller-certificates",
  "cert-manager-controller-issuers", "cert-manager-cainjector", "prometheus-k8s", "kube-state-metrics",
  "ingress-nginx", "external-dns", "kyverno:admission-controller", "kyverno:background-controller",
  "karpenter", "velero-server", "postgres-operator", "aws-load-balancer-controller", "metrics-server:system:auth-delegator",
  "system:metrics-server", "ebs-csi-node-role", "ci-deployer",
];

export const CRDS = [
  "certificates.cert-manager.io", "certificaterequests.cert-manager.io", "issuers.cert-manager.io",
  "clusterissuers.cert-manager.io", "orders.acme.cert-manager.io", "challenges.acme.cert-manager.io",
  "applications.argoproj.io", "applicationsets.argoproj.io", "appprojects.argoproj.io",
  "servicemonitors.monitoring.coreos.com", "podmonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com",
  "prometheuses.monitoring.coreos.com", "alertmanagers.monitoring.coreos.com", "postgresqls.acid.zalan.do",
  "operatorconfigurations.acid.zalan.do", "backups.velero.io", "schedules.velero.io", "restores.velero.io",
  "clusterpolicies.kyverno.io", "policies.kyverno.io", "policyreports.wgpolicyk8s.io", "nodepools.karpenter.sh",
  "nodeclaims.karpenter.sh", "ec2nodeclasses.karpenter.k8s.aws", "targetgroupbindings.elbv2.k8s.aws",
];

export const KUBECTL_130_MAC = `kubectl/${K8S_VERSION} (darwin/arm64) kubernetes/${K8S_COMMIT}`;
export const KUBECTL_129_LINUX = "kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819";
export const LENS_UA =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Lens/2024.3.191333-latest Chrome/122.0.6261.111 Electron/29.1.0 Safari/537.36";
export const HELM_UA = "Helm/3.14.2";
export const CLIENT_GO_UA = "manager/v0.0.0 (linux/amd64) kubernetes/$Format";
export const component = (name: string) => `${name}/${K8S_VERSION} (linux/amd64) kubernetes/${K8S_COMMIT}`;
