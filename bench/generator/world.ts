import {
  always, apiserverActor, controllerActor, controlPlaneUser, kubeletActor, makeActor, podServiceAccountUser, rbac,
  type Actor, type Authorizer,
} from "./actors";
import {
  CLUSTER_ROLES, component, CONTROLLERS, CRDS, K8S_VERSION, KUBECTL_129_LINUX, SCRATCH_NAMESPACES,
  SYSTEM_NAMESPACES, TEAM_COMPONENTS, TEAM_NAMESPACES, type Component, type ControllerName,
} from "./catalog";
import { DAY, START_US } from "./clock";
import { hex, k8sSuffix, templateHash, uuid } from "./ids";
import type { Prng } from "./prng";
import { R, type ResourceDef } from "./resources";

/** One object in the simulated cluster, with the little state its requests and bodies need. */
export type Obj = {
  res: ResourceDef;
  /** "" for cluster-scoped objects. */
  namespace: string;
  name: string;
  exists: boolean;
  uid: string;
  resourceVersion: number;
  generation: number;
  createdUs: number;
  /** Bumped on each write: drives what differs between consecutive versions in bodies. */
  revision: number;
  app: App | null;
  node: ClusterNode | null;
};

export type ClusterNode = {
  name: string;
  ip: string;
  uid: string;
  obj: Obj;
  lease: Obj;
  csinode: Obj;
  kubelet: Actor;
  /** The third octet of the node's subnet; its pods get addresses there (VPC CNI). */
  subnet: number;
};

export type App = {
  namespace: string;
  name: string;
  component: Component;
  workload: Obj;
  replicaSets: Obj[];
  pods: Obj[];
  service: Obj | null;
  endpoints: Obj | null;
  endpointSlice: Obj | null;
  config: Obj;
  /** A ConfigMap the app looks for and that is never there: the everyday 404. */
  optionalConfig: Obj;
  secret: Obj;
  helmReleases: Obj[];
  serviceAccount: Obj;
  ingress: Obj | null;
  certificate: Obj | null;
  tlsSecret: Obj | null;
  hpa: Obj | null;
  pdb: Obj | null;
  application: Obj | null;
  lease: Obj | null;
  image: string;
  container: string;
  port: number;
  replicas: number;
  /** Image release counter: v1.<release / 10>.<release % 10>. */
  release: number;
  restartedAtUs: number;
  /** The app's service account, when the app talks to the API server. */
  actor: Actor | null;
  podIPs: string[];
};

export type SystemAppName =
  | "coredns" | "ebs-csi-controller" | "metrics-server" | "aws-load-balancer-controller" | "argocd-application-controller"
  | "argocd-server" | "argocd-applicationset-controller" | "cert-manager" | "cert-manager-cainjector" | "prometheus-k8s"
  | "kube-state-metrics" | "prometheus-operator" | "ingress-nginx-controller" | "external-dns" | "fluent-bit" | "velero"
  | "kyverno-admission-controller" | "kyverno-background-controller" | "kyverno-reports-controller" | "karpenter"
  | "postgres-operator" | "arc-runner";

type SystemAppSpec = {
  ns: string;
  name: SystemAppName | "aws-node" | "kube-proxy" | "alertmanager-main" | "grafana" | "argocd-repo-server" | "argocd-redis" | "cert-manager-webhook";
  kind: "deployments" | "statefulsets" | "daemonsets";
  replicas: number;
  image: string;
  /** User agent; absent for apps that never call the API server. */
  ua?: string;
  clusterRole?: string;
  lease?: [ns: string, name: string, role: string];
  /** Read-only monitoring agents the policy keeps at Metadata: they read constantly and change nothing. */
  quiet?: boolean;
};

const SYSTEM_APPS: SystemAppSpec[] = [
  { ns: "kube-system", name: "coredns", kind: "deployments", replicas: 2, image: "602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/coredns:v1.11.1-eksbuild.9", ua: "coredns/v0.0.0 (linux/amd64) kubernetes/$Format", clusterRole: "system:coredns", quiet: true },
  { ns: "kube-system", name: "aws-node", kind: "daemonsets", replicas: 0, image: "602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.18.1-eksbuild.3" },
  { ns: "kube-system", name: "kube-proxy", kind: "daemonsets", replicas: 0, image: `602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/kube-proxy:${K8S_VERSION}-minimal-eksbuild.2` },
  { ns: "kube-system", name: "ebs-csi-controller", kind: "deployments", replicas: 2, image: "public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.30.0", ua: "csi-provisioner/v0.0.0 (linux/amd64) kubernetes/$Format", clusterRole: "ebs-external-provisioner-role", lease: ["kube-system", "ebs-csi-aws-com", "ebs-csi-leader-election"] },
  { ns: "kube-system", name: "metrics-server", kind: "deployments", replicas: 2, image: "registry.k8s.io/metrics-server/metrics-server:v0.7.1", ua: "metrics-server/v0.7.1 (linux/amd64) kubernetes/$Format", clusterRole: "system:metrics-server", quiet: true },
  { ns: "kube-system", name: "aws-load-balancer-controller", kind: "deployments", replicas: 2, image: "public.ecr.aws/eks/aws-load-balancer-controller:v2.7.2", ua: "controller/v0.0.0 (linux/amd64) kubernetes/$Format", clusterRole: "aws-load-balancer-controller", lease: ["kube-system", "aws-load-balancer-controller-leader", "aws-load-balancer-controller-leader-election-role"] },
  { ns: "argocd", name: "argocd-application-controller", kind: "statefulsets", replicas: 1, image: "quay.io/argoproj/argocd:v2.10.5", ua: "argocd-application-controller/v2.10.5+335875d (linux/amd64) kubernetes/$Format", clusterRole: "argocd-application-controller" },
  { ns: "argocd", name: "argocd-server", kind: "deployments", replicas: 2, image: "quay.io/argoproj/argocd:v2.10.5", ua: "argocd-server/v2.10.5+335875d (linux/amd64) kubernetes/$Format", clusterRole: "argocd-server" },
  { ns: "argocd", name: "argocd-repo-server", kind: "deployments", replicas: 2, image: "quay.io/argoproj/argocd:v2.10.5" },
  { ns: "argocd", name: "argocd-redis", kind: "deployments", replicas: 1, image: "redis:7.0.14-alpine" },
  { ns: "argocd", name: "argocd-applicationset-controller", kind: "deployments", replicas: 1, image: "quay.io/argoproj/argocd:v2.10.5", ua: "argocd-applicationset-controller/v2.10.5+335875d (linux/amd64) kubernetes/$Format", clusterRole: "argocd-applicationset-controller" },
  { ns: "cert-manager", name: "cert-manager", kind: "deployments", replicas: 1, image: "quay.io/jetstack/cert-manager-controller:v1.14.4", ua: "cert-manager-certificates-issuing/v1.14.4 (linux/amd64) cert-manager/f8ee3b5c", clusterRole: "cert-manager-controller-certificates", lease: ["kube-system", "cert-manager-controller", "cert-manager:leaderelection"] },
  { ns: "cert-manager", name: "cert-manager-cainjector", kind: "deployments", replicas: 1, image: "quay.io/jetstack/cert-manager-cainjector:v1.14.4", ua: "cert-manager-cainjector/v1.14.4 (linux/amd64) cert-manager/f8ee3b5c", clusterRole: "cert-manager-cainjector", lease: ["kube-system", "cert-manager-cainjector-leader-election", "cert-manager-cainjector:leaderelection"] },
  { ns: "cert-manager", name: "cert-manager-webhook", kind: "deployments", replicas: 1, image: "quay.io/jetstack/cert-manager-webhook:v1.14.4" },
  { ns: "monitoring", name: "prometheus-k8s", kind: "statefulsets", replicas: 2, image: "quay.io/prometheus/prometheus:v2.51.0", ua: "Prometheus/2.51.0", clusterRole: "prometheus-k8s", quiet: true },
  { ns: "monitoring", name: "alertmanager-main", kind: "statefulsets", replicas: 3, image: "quay.io/prometheus/alertmanager:v0.27.0" },
  { ns: "monitoring", name: "grafana", kind: "deployments", replicas: 1, image: "grafana/grafana:10.4.1" },
  { ns: "monitoring", name: "kube-state-metrics", kind: "deployments", replicas: 1, image: "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.11.0", ua: "kube-state-metrics/v2.11.0 (linux/amd64) kubernetes/$Format", clusterRole: "kube-state-metrics", quiet: true },
  { ns: "monitoring", name: "prometheus-operator", kind: "deployments", replicas: 1, image: "quay.io/prometheus-operator/prometheus-operator:v0.72.0", ua: "PrometheusOperator/0.72.0", clusterRole: "prometheus-operator" },
  { ns: "ingress-nginx", name: "ingress-nginx-controller", kind: "deployments", replicas: 2, image: "registry.k8s.io/ingress-nginx/controller:v1.10.0", ua: "nginx-ingress-controller/v1.10.0 (linux/amd64) ingress-nginx/71f78d49f", clusterRole: "ingress-nginx", lease: ["ingress-nginx", "ingress-nginx-leader", "ingress-nginx"] },
  { ns: "external-dns", name: "external-dns", kind: "deployments", replicas: 1, image: "registry.k8s.io/external-dns/external-dns:v0.14.1", ua: "external-dns/v0.14.1 (linux/amd64) kubernetes/$Format", clusterRole: "external-dns" },
  { ns: "logging", name: "fluent-bit", kind: "daemonsets", replicas: 0, image: "cr.fluentbit.io/fluent/fluent-bit:3.0.2", ua: "Fluent-Bit", clusterRole: "fluent-bit-read", quiet: true },
  { ns: "velero", name: "velero", kind: "deployments", replicas: 1, image: "velero/velero:v1.13.0", ua: "velero-server/v1.13.0 (linux/amd64) 76670e9", clusterRole: "velero-server" },
  { ns: "kyverno", name: "kyverno-admission-controller", kind: "deployments", replicas: 3, image: "ghcr.io/kyverno/kyverno:v1.11.4", ua: "kyverno/v1.11.4 (linux/amd64) kubernetes/$Format", clusterRole: "kyverno:admission-controller", lease: ["kyverno", "kyverno", "kyverno:admission-controller"] },
  { ns: "kyverno", name: "kyverno-background-controller", kind: "deployments", replicas: 1, image: "ghcr.io/kyverno/background-controller:v1.11.4", ua: "kyverno-background-controller/v1.11.4 (linux/amd64) kubernetes/$Format", clusterRole: "kyverno:background-controller", lease: ["kyverno", "kyverno-background-controller", "kyverno:background-controller"] },
  { ns: "kyverno", name: "kyverno-reports-controller", kind: "deployments", replicas: 1, image: "ghcr.io/kyverno/reports-controller:v1.11.4", ua: "kyverno-reports-controller/v1.11.4 (linux/amd64) kubernetes/$Format", clusterRole: "kyverno:reports-controller", lease: ["kyverno", "kyverno-reports-controller", "kyverno:reports-controller"] },
  { ns: "karpenter", name: "karpenter", kind: "deployments", replicas: 2, image: "public.ecr.aws/karpenter/controller:0.35.2", ua: "karpenter/v0.35.2 (linux/amd64) kubernetes/$Format", clusterRole: "karpenter", lease: ["karpenter", "karpenter-leader-election", "karpenter"] },
  { ns: "postgres-operator", name: "postgres-operator", kind: "deployments", replicas: 1, image: "ghcr.io/zalando/postgres-operator:v1.11.0", ua: "postgres-operator/v1.11.0 (linux/amd64) kubernetes/$Format", clusterRole: "postgres-operator" },
  { ns: "ci", name: "arc-runner", kind: "deployments", replicas: 3, image: "ghcr.io/actions/actions-runner:2.315.0" },
];

const key = (res: ResourceDef) => `${res.group}/${res.resource}`;

/** The simulated cluster: nodes, namespaces, apps and their objects, and who talks to the API server. */
export class World {
  /** etcd's revision: every write takes the next one. */
  resourceVersion = 48_213_377;
  readonly nodes: ClusterNode[] = [];
  readonly namespaces: Obj[] = [];
  readonly apps: App[] = [];
  readonly teamApps: App[] = [];
  readonly scratchApps: App[] = [];
  readonly systemApps = new Map<string, App>();
  readonly controllers = new Map<ControllerName, Actor>();
  /** Leases held by leader-elected components, with the identity that renews each. */
  readonly leaderLeases: { lease: Obj; actor: Actor }[] = [];
  readonly crds: Obj[] = [];
  readonly clusterRoles: Obj[] = [];
  readonly clusterRoleBindings: Obj[] = [];
  readonly jobs: Obj[] = [];
  readonly cronJobs: Obj[] = [];
  readonly csiDrivers: Obj[] = [];
  readonly runtimeClasses: Obj[] = [];
  readonly nsObjects = new Map<string, { rootCA: Obj; defaultSA: Obj; role: Obj; roleBinding: Obj }>();
  readonly apiserver = apiserverActor();
  readonly apiserverLease: Obj;
  readonly kubernetesEndpoints: Obj;
  readonly kubernetesSlice: Obj;
  readonly kcm = controlPlaneUser("system:kube-controller-manager", `${component("kube-controller-manager")}/leader-election`);
  readonly kcmInformers = controlPlaneUser("system:kube-controller-manager", `${component("kube-controller-manager")}/shared-informers`);
  readonly scheduler = controlPlaneUser("system:kube-scheduler", `${component("kube-scheduler")}/scheduler`);
  readonly schedulerElection = controlPlaneUser("system:kube-scheduler", `${component("kube-scheduler")}/leader-election`);
  readonly kubeProxy: Actor;
  readonly ciDeployer: Actor;
  private readonly byResource = new Map<string, Obj[]>();

  constructor(private readonly rng: Prng) {
    for (const ns of [...SYSTEM_NAMESPACES, ...TEAM_NAMESPACES, ...SCRATCH_NAMESPACES]) this.addNamespace(ns);
    this.buildNodes(50);
    this.kubeProxy = makeActor(
      { username: "system:kube-proxy", groups: ["system:authenticated"] },
      component("kube-proxy"),
      this.nodes.map((n) => [n.ip]),
      always(rbac.clusterRoleBinding("eks:kube-proxy", "system:node-proxier", "User", "system:kube-proxy")),
      true,
    );
    this.apiserverLease = this.add(R.leases, "kube-system", `apiserver-${k8sSuffix(rng, 26)}`);
    this.kubernetesEndpoints = this.add(R.endpoints, "default", "kubernetes");
    this.kubernetesSlice = this.add(R.endpointslices, "default", "kubernetes");
    this.leaderLeases.push({ lease: this.add(R.leases, "kube-system", "kube-controller-manager"), actor: this.kcm });
    this.leaderLeases.push({ lease: this.add(R.leases, "kube-system", "kube-scheduler"), actor: this.schedulerElection });
    for (const name of CONTROLLERS) this.controllers.set(name, controllerActor(name, uuid(rng), uuid(rng)));
    for (const spec of SYSTEM_APPS) this.buildSystemApp(spec);
    const runner = this.systemApps.get("arc-runner")!;
    // CI jobs run kubectl in the runner pods as ci:deployer.
    const deployerReason = rbac.clusterRoleBinding("ci-deployer", "ci-deployer", "ServiceAccount", "deployer/ci");
    this.ciDeployer = this.appActor(runner, KUBECTL_129_LINUX, (req) => (req.res === R.secrets && req.namespace === "kube-system" ? null : deployerReason), false, this.add(R.serviceaccounts, "ci", "deployer"));
    for (const ns of TEAM_NAMESPACES) this.buildTeamNamespace(ns);
    for (const ns of SCRATCH_NAMESPACES) this.buildScratchNamespace(ns);
    for (const name of CLUSTER_ROLES) {
      this.clusterRoles.push(this.add(R.clusterroles, "", name));
      this.clusterRoleBindings.push(this.add(R.clusterrolebindings, "", name));
    }
    for (const name of CRDS) this.crds.push(this.add(R.customresourcedefinitions, "", name));
    for (const name of ["ebs.csi.aws.com", "efs.csi.aws.com"]) this.csiDrivers.push(this.add(R.csidrivers, "", name));
    this.runtimeClasses.push(this.add(R.runtimeclasses, "", "gvisor"));
  }

  /** The next etcd revision; other writes (not in this log) land in between. */
  nextResourceVersion(): number {
    this.resourceVersion += 1 + this.rng.int(6);
    return this.resourceVersion;
  }

  all(res: ResourceDef): Obj[] {
    return this.byResource.get(key(res)) ?? [];
  }

  add(res: ResourceDef, namespace: string, name: string, exists = true, app: App | null = null, node: ClusterNode | null = null): Obj {
    const rng = this.rng;
    const obj: Obj = {
      res,
      namespace,
      name,
      exists,
      uid: uuid(rng),
      resourceVersion: this.resourceVersion - rng.int(5_000_000),
      generation: 1 + rng.int(12),
      createdUs: START_US - rng.range(1, 400) * DAY - rng.int(DAY),
      revision: 1 + rng.int(20),
      app,
      node,
    };
    const k = key(res);
    const list = this.byResource.get(k);
    if (list) list.push(obj);
    else this.byResource.set(k, [obj]);
    return obj;
  }

  /** An object that lives only for one request (an Event, a TokenReview): not kept in the pools. */
  transient(res: ResourceDef, namespace: string, name: string): Obj {
    return { res, namespace, name, exists: false, uid: "", resourceVersion: 0, generation: 0, createdUs: 0, revision: 0, app: null, node: null };
  }

  private addNamespace(ns: string): void {
    this.namespaces.push(this.add(R.namespaces, "", ns));
    this.nsObjects.set(ns, {
      rootCA: this.add(R.configmaps, ns, "kube-root-ca.crt"),
      defaultSA: this.add(R.serviceaccounts, ns, "default"),
      role: this.add(R.roles, ns, `${ns}-deployer`),
      roleBinding: this.add(R.rolebindings, ns, `${ns}-developers`),
    });
  }

  private buildNodes(count: number): void {
    const used = new Set<string>();
    while (this.nodes.length < count) {
      const subnet = this.rng.range(32, 95);
      const ip = `10.0.${subnet}.${this.rng.range(4, 250)}`;
      if (used.has(ip)) continue;
      used.add(ip);
      const name = `ip-${ip.replaceAll(".", "-")}.ec2.internal`;
      // Its objects point back at the node, so the record is completed right after.
      const node = {
        name,
        ip,
        uid: uuid(this.rng),
        subnet,
        kubelet: kubeletActor(name, ip),
      } as ClusterNode;
      node.obj = this.add(R.nodes, "", name, true, null, node);
      node.lease = this.add(R.leases, "kube-node-lease", name, true, null, node);
      node.csinode = this.add(R.csinodes, "", name, true, null, node);
      this.nodes.push(node);
    }
  }

  private podIP(node: ClusterNode): string {
    return `10.0.${node.subnet}.${this.rng.range(2, 254)}`;
  }

  /** The workload, its ReplicaSets and a finite pool of pod names, most of them running. */
  private buildApp(ns: string, name: string, comp: Component, kind: "deployments" | "statefulsets" | "daemonsets", replicas: number, image: string): App {
    const rng = this.rng;
    const workloadRes = kind === "deployments" ? R.deployments : kind === "statefulsets" ? R.statefulsets : R.daemonsets;
    // Filled in below: its objects point back at the app.
    const app = { namespace: ns, name, component: comp, replicas, release: rng.range(20, 60), restartedAtUs: 0, actor: null, podIPs: [] } as unknown as App;
    app.workload = this.add(workloadRes, ns, name, true, app);
    app.image = image;
    app.container = comp === "system" ? name.split("-")[0]! : comp;
    app.port = comp === "db" ? 5432 : comp === "cache" ? 6379 : 8080;
    app.replicaSets = [];
    app.pods = [];
    if (kind === "deployments") {
      for (let i = 0; i < 2; i++) app.replicaSets.push(this.add(R.replicasets, ns, `${name}-${templateHash(rng)}`, true, app));
      const hash = app.replicaSets[0]!.name.slice(name.length + 1);
      for (let i = 0; i < replicas + 3; i++) this.addPod(app, `${name}-${hash}-${k8sSuffix(rng, 5)}`, i < replicas, rng.pick(this.nodes));
    } else if (kind === "statefulsets") {
      for (let i = 0; i < replicas + 1; i++) this.addPod(app, `${name}-${i}`, i < replicas, rng.pick(this.nodes));
    } else {
      for (const node of this.nodes) this.addPod(app, `${name}-${k8sSuffix(rng, 5)}`, true, node);
    }
    app.config = this.add(R.configmaps, ns, `${name}-config`, true, app);
    app.optionalConfig = this.add(R.configmaps, ns, `${name}-overrides`, false, app);
    app.secret = this.add(R.secrets, ns, `${name}-credentials`, true, app);
    app.serviceAccount = this.add(R.serviceaccounts, ns, name, true, app);
    const releases = rng.range(1, 9);
    app.helmReleases = [];
    for (let v = 1; v <= releases + 1; v++) app.helmReleases.push(this.add(R.secrets, ns, `sh.helm.release.v1.${name}.v${v}`, v <= releases, app));
    const serves = comp !== "worker" && comp !== "consumer" && comp !== "scheduler" && kind !== "daemonsets";
    app.service = serves ? this.add(R.services, ns, name, true, app) : null;
    app.endpoints = serves ? this.add(R.endpoints, ns, name, true, app) : null;
    app.endpointSlice = serves ? this.add(R.endpointslices, ns, `${name}-${k8sSuffix(rng, 5)}`, true, app) : null;
    const public_ = comp === "web" || comp === "api" || comp === "gateway";
    app.ingress = public_ ? this.add(R.ingresses, ns, name, true, app) : null;
    app.certificate = public_ ? this.add(R.certificates, ns, `${name}-tls`, true, app) : null;
    app.tlsSecret = public_ ? this.add(R.secrets, ns, `${name}-tls`, rng.chance(0.85), app) : null;
    app.hpa = public_ || comp === "consumer" ? this.add(R.horizontalpodautoscalers, ns, name, true, app) : null;
    app.pdb = kind !== "daemonsets" ? this.add(R.poddisruptionbudgets, ns, name, true, app) : null;
    app.application = null;
    app.lease = null;
    this.apps.push(app);
    return app;
  }

  private addPod(app: App, name: string, exists: boolean, node: ClusterNode): void {
    app.pods.push(this.add(R.pods, app.namespace, name, exists, app, node));
    app.podIPs.push(this.podIP(node));
  }

  /** The app's service account as the API server sees it: bound to its first pod. */
  private appActor(app: App, userAgent: string, authorize: Authorizer, quiet = false, serviceAccount = app.serviceAccount): Actor {
    const pod = app.pods[0]!;
    const user = podServiceAccountUser(app.namespace, serviceAccount.name, serviceAccount.uid, {
      podName: pod.name,
      podUid: pod.uid,
      credentialId: `${hex(this.rng, 8)}-${hex(this.rng, 4)}-${hex(this.rng, 4)}-${hex(this.rng, 4)}-${hex(this.rng, 12)}`,
    });
    return makeActor(user, userAgent, app.podIPs.slice(0, 3).map((ip) => [ip]), authorize, quiet);
  }

  private buildSystemApp(spec: SystemAppSpec): void {
    const app = this.buildApp(spec.ns, spec.name, "system", spec.kind, spec.replicas, spec.image);
    this.systemApps.set(spec.name, app);
    if (!spec.ua || !spec.clusterRole) return;
    const sa = `${app.serviceAccount.name}/${spec.ns}`;
    const clusterWide = rbac.clusterRoleBinding(spec.clusterRole, spec.clusterRole, "ServiceAccount", sa);
    const leaseReason = spec.lease ? rbac.roleBinding(spec.lease[2], spec.lease[0], "Role", spec.lease[2], "ServiceAccount", sa) : clusterWide;
    // Prometheus may read pods, services and endpoints everywhere, but not secrets: its secret lookups are the classic 403.
    const deniesSecrets = spec.name === "prometheus-k8s" || spec.name === "external-dns";
    app.actor = this.appActor(app, spec.ua, (req) => {
      if (deniesSecrets && req.res === R.secrets) return null;
      return req.res === R.leases ? leaseReason : clusterWide;
    }, spec.quiet ?? false);
    if (spec.lease) {
      app.lease = this.add(R.leases, spec.lease[0], spec.lease[1], true, app);
      this.leaderLeases.push({ lease: app.lease, actor: app.actor });
    }
  }

  private buildTeamNamespace(ns: string): void {
    const rng = this.rng;
    const base = ns.replace(/-staging$/, "");
    const count = rng.range(1, 3);
    const comps = new Set<Component>(["api"]);
    while (comps.size < count) comps.add(rng.pick(TEAM_COMPONENTS));
    for (const comp of comps) {
      const stateful = comp === "cache" || comp === "db";
      const image = comp === "cache" ? "redis:7.2.4-alpine" : comp === "db" ? "ghcr.io/zalando/spilo-16:3.2-p2" : `123456789012.dkr.ecr.us-east-1.amazonaws.com/${base}/${comp}`;
      const app = this.buildApp(ns, `${base}-${comp}`, comp, stateful ? "statefulsets" : "deployments", stateful ? 3 : rng.range(2, 6), image);
      app.application = this.add(R.applications, "argocd", `${ns}-${comp}`, true, app);
      this.teamApps.push(app);
      // About half the apps call the API server themselves: reading their config, electing a leader, watching pods.
      if (!stateful && rng.chance(0.5)) this.giveTeamAppAnIdentity(app);
    }
  }

  private giveTeamAppAnIdentity(app: App): void {
    const rng = this.rng;
    const ns = app.namespace;
    const sa = `${app.serviceAccount.name}/${ns}`;
    const reason = rbac.roleBinding(app.name, ns, "Role", app.name, "ServiceAccount", sa);
    const ua = rng.pick([
      "Go-http-client/2.0", "OpenAPI-Generator/29.0.0/python", "manager/v0.0.0 (linux/amd64) kubernetes/$Format",
      "fabric8-kubernetes-client/6.10.0", `${app.name}/v0.0.0 (linux/amd64) kubernetes/$Format`,
    ]);
    // Misconfigured apps list pods cluster-wide, which their namespaced Role does not allow: a steady trickle of 403s.
    app.actor = this.appActor(app, ua, (req) => (req.namespace === ns ? reason : null));
    if (rng.chance(0.4)) {
      app.lease = this.add(R.leases, ns, `${app.name}-leader`, true, app);
      this.leaderLeases.push({ lease: app.lease, actor: app.actor });
    }
  }

  private buildScratchNamespace(ns: string): void {
    const rng = this.rng;
    for (const comp of ["api", "web", "worker"] as const) {
      if (comp !== "api" && rng.chance(0.5)) continue;
      const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/sandbox/${comp}`;
      const app = this.buildApp(ns, `${comp}-${k8sSuffix(rng, 3)}`, comp, "deployments", rng.range(1, 3), image);
      // Scratch apps come and go during the day: many start absent, to be created, changed and deleted.
      if (rng.chance(0.6)) for (const o of [app.workload, app.config, ...app.replicaSets, ...app.pods]) o.exists = false;
      this.scratchApps.push(app);
    }
    for (let i = 0; i < 3; i++) {
      const job = this.add(R.jobs, ns, `migrate-${k8sSuffix(rng, 5)}`, rng.chance(0.5));
      this.jobs.push(job);
    }
    this.cronJobs.push(this.add(R.cronjobs, ns, "nightly-cleanup"));
  }
}
