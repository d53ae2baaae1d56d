import type { Actor } from "../actors";
import { rfc3339Seconds } from "../clock";
import { hex } from "../ids";
import type { Plan, PlanBuilder } from "../plan";
import { R, type ResourceDef } from "../resources";
import { disruptionBudget, invalid, type Failure } from "../statuses";
import type { App, SystemAppName, World } from "../world";
import { mostlyExisting, patchJson, type Entry } from "./common";

const ARGO_TRACKED: ResourceDef[] = [R.deployments, R.services, R.configmaps, R.ingresses, R.horizontalpodautoscalers, R.poddisruptionbudgets, R.serviceaccounts, R.statefulsets, R.cronjobs];

/**
 * In-cluster clients with service accounts: add-ons and operators (Argo CD, cert-manager, Prometheus,
 * ingress-nginx, Kyverno, Karpenter…), the apps that read their own config, and CI deploying with kubectl.
 */
export function workloadTraffic(w: World): Entry[] {
  const sys = (name: SystemAppName): Actor => w.systemApps.get(name)!.actor!;
  const team = w.teamApps;
  const talking = team.filter((a) => a.actor !== null);
  const teamNamespaces = [...new Set(team.map((a) => a.namespace))];
  const pods = w.all(R.pods);
  const teamApp = (rng: { pick<T>(a: readonly T[]): T }) => rng.pick(team);
  const withCerts = team.filter((a) => a.certificate !== null);
  const deployable = [...team.filter((a) => a.namespace.endsWith("-staging")), ...w.scratchApps];
  const argo = sys("argocd-application-controller");

  return [
    // Argo CD: reconciles every Application, compares live objects, applies and records sync status.
    [(b) => b.get(argo, teamApp(b.rng).application!), 4],
    [(b) => {
      const app = teamApp(b.rng);
      const patch = { status: { reconciledAt: rfc3339Seconds(b.now), sync: { status: "Synced" }, health: { status: "Healthy" } } };
      return b.patch(argo, app.application!, patchJson(patch), { query: "" });
    }, 2.5],
    [(b) => b.watch(argo, b.rng.pick(ARGO_TRACKED), undefined), 2],
    [(b) => {
      const app = teamApp(b.rng);
      const obj = b.rng.pick([app.workload, app.service ?? app.workload, app.config, app.ingress ?? app.config, app.hpa ?? app.workload]);
      return b.get(argo, obj);
    }, 4],
    [(b) => {
      const app = teamApp(b.rng);
      return b.patch(argo, app.workload, () => JSON.stringify({ apiVersion: "apps/v1", kind: app.workload.res.kind, metadata: { name: app.name, namespace: app.namespace }, spec: { replicas: app.replicas } }), {
        query: "?fieldManager=argocd-controller&force=true",
        mutate: () => { if (b.rng.chance(0.3)) app.release++; },
      });
    }, 1.5],
    [(b) => b.list(sys("argocd-server"), R.applications, "argocd", "?limit=500"), 2],
    [(b) => b.get(sys("argocd-server"), teamApp(b.rng).application!), 1],
    [(b) => b.watch(sys("argocd-server"), R.applications, "argocd"), 1],
    [(b) => b.watch(sys("argocd-applicationset-controller"), b.rng.pick([R.applications, R.secrets]), "argocd"), 1],

    // cert-manager: checks each Certificate and its Secret (missing while being issued), renews some.
    [(b) => b.get(sys("cert-manager"), b.rng.pick(withCerts).certificate!), 2.5],
    [(b) => b.get(sys("cert-manager"), b.rng.pick(withCerts).tlsSecret!), 2.5],
    [(b) => b.watch(sys("cert-manager"), b.rng.pick([R.certificates, R.certificaterequests, R.secrets, R.ingresses]), undefined), 1],
    [(b) => {
      const app = b.rng.pick(withCerts);
      return b.update(sys("cert-manager"), app.certificate!, { subresource: "status", conflictChance: 0.03 });
    }, 1.5],
    [(b) => {
      const app = b.rng.pick(withCerts);
      const req = w.transient(R.certificaterequests, app.namespace, `${app.certificate!.name}-${b.rng.range(1, 9)}`);
      return b.create(sys("cert-manager"), req);
    }, 0.3],
    [(b) => {
      const app = b.rng.pick(withCerts);
      if (app.tlsSecret!.exists) return b.get(sys("cert-manager"), app.tlsSecret!);
      return b.create(sys("cert-manager"), app.tlsSecret!);
    }, 0.3],
    // cainjector writes the CA bundle into the CRDs whose conversion webhooks cert-manager serves.
    [(b) => b.update(sys("cert-manager-cainjector"), b.rng.pick(w.crds)), 0.3],
    [(b) => b.watch(sys("cert-manager-cainjector"), b.rng.pick([R.customresourcedefinitions, R.secrets, R.certificates]), undefined), 0.5],

    // Monitoring: Prometheus service discovery, kube-state-metrics, the operator.
    [(b) => b.watch(sys("prometheus-k8s"), b.rng.pick([R.pods, R.services, R.endpoints, R.endpointslices]), b.rng.pick(teamNamespaces)), 3],
    [(b) => b.nonResource(sys("prometheus-k8s"), "/metrics"), 2],
    [(b) => b.get(sys("prometheus-k8s"), teamApp(b.rng).secret), 1],
    [(b) => b.watch(sys("kube-state-metrics"), b.rng.pick([R.pods, R.deployments, R.nodes, R.jobs, R.cronjobs, R.services, R.namespaces, R.persistentvolumeclaims, R.statefulsets, R.daemonsets, R.replicasets]), undefined), 2],
    [(b) => b.watch(sys("prometheus-operator"), b.rng.pick([R.servicemonitors, R.statefulsets, R.secrets, R.configmaps]), undefined), 0.7],
    [(b) => b.get(sys("prometheus-operator"), w.systemApps.get("prometheus-k8s")!.workload), 1],

    // Networking add-ons.
    [(b) => b.watch(sys("coredns"), b.rng.pick([R.services, R.endpointslices, R.namespaces]), undefined), 1],
    [(b) => b.watch(sys("ingress-nginx-controller"), b.rng.pick([R.ingresses, R.services, R.endpointslices, R.secrets, R.configmaps]), undefined), 1.2],
    [(b) => b.update(sys("ingress-nginx-controller"), mostlyExisting(b.rng, w.all(R.ingresses)), { subresource: "status" }), 0.4],
    [(b) => b.list(sys("external-dns"), b.rng.pick([R.services, R.ingresses, R.nodes]), undefined, "?limit=500"), 4],
    [(b) => b.watch(sys("aws-load-balancer-controller"), b.rng.pick([R.ingresses, R.services, R.pods, R.endpointslices]), undefined), 1],
    [(b) => b.watch(sys("ebs-csi-controller"), b.rng.pick([R.persistentvolumeclaims, R.persistentvolumes, R.csinodes]), undefined), 0.6],

    // metrics-server delegates authn/authz of each metrics API call to the API server.
    [(b) => b.create(sys("metrics-server"), w.transient(R.subjectaccessreviews, "", ""), { generateName: true }), 1],
    [(b) => b.watch(sys("metrics-server"), R.nodes, undefined), 0.3],
    // Fluent Bit enriches log lines with pod metadata.
    [(b) => { const pod = mostlyExisting(b.rng, pods, 0.85); return b.get(sys("fluent-bit"), pod); }, 6],

    // Policy, backup, autoscaling, databases.
    [(b) => b.watch(sys("kyverno-admission-controller"), b.rng.pick([R.clusterpolicies, R.configmaps, R.namespaces]), undefined), 0.7],
    [(b) => b.list(sys("kyverno-background-controller"), b.rng.pick([R.clusterpolicies, R.pods, R.deployments]), undefined), 1],
    [(b) => {
      const ns = b.rng.pick(teamNamespaces);
      return b.create(sys("kyverno-reports-controller"), w.transient(R.policyreports, ns, `${hex(b.rng, 8)}-${hex(b.rng, 4)}-${hex(b.rng, 4)}-${hex(b.rng, 4)}-${hex(b.rng, 12)}`));
    }, 0.6],
    [(b) => b.list(sys("velero"), R.backups, "velero", "?limit=500"), 1],
    [(b) => b.watch(sys("karpenter"), b.rng.pick([R.nodes, R.pods, R.persistentvolumeclaims, R.poddisruptionbudgets]), undefined), 1],
    [(b) => {
      // Consolidation drains nodes pod by pod; a PodDisruptionBudget may refuse.
      const pod = mostlyExisting(b.rng, pods);
      const pdb = pod.app?.pdb;
      const refused = pdb && b.rng.chance(0.35) ? disruptionBudget(pdb.name, Math.max(1, (pod.app?.replicas ?? 2) - 1)) : null;
      return b.createSubresource(sys("karpenter"), pod, "eviction", refused);
    }, 0.5],
    [(b) => b.watch(sys("postgres-operator"), b.rng.pick([R.postgresqls, R.statefulsets, R.pods, R.services]), undefined), 0.5],
    [(b) => b.get(sys("postgres-operator"), b.rng.pick(w.all(R.statefulsets))), 1],

    // Team apps: read their config (the overrides ConfigMap usually does not exist), credentials, peers.
    [(b) => { const app = b.rng.pick(talking); return b.get(app.actor!, app.config); }, 6],
    [(b) => { const app = b.rng.pick(talking); return b.get(app.actor!, app.optionalConfig); }, 8],
    [(b) => { const app = b.rng.pick(talking); return b.get(app.actor!, app.secret); }, 2.5],
    [(b) => { const app = b.rng.pick(talking); return b.list(app.actor!, R.pods, app.namespace, `?labelSelector=app.kubernetes.io%2Fname%3D${app.name}`); }, 3],
    [(b) => { const app = b.rng.pick(talking); return b.watch(app.actor!, R.configmaps, app.namespace); }, 1],
    [(b) => { const app = b.rng.pick(talking); return b.list(app.actor!, R.pods, undefined, "?limit=500"); }, 1.2],
    [(b) => { const app = b.rng.pick(talking); return b.create(app.actor!, w.transient(R.events, app.namespace, `${app.name}.${hex(b.rng, 16)}`)); }, 1],

    // CI: kubectl apply to staging and preview namespaces; previews are created and torn down.
    [(b) => b.get(w.ciDeployer, b.rng.pick(deployable).workload), 2],
    [(b) => {
      const app = b.rng.pick(deployable);
      const broken = b.rng.chance(0.04) ? invalid(app.workload.res, app.name, "spec.template.spec.containers[0].resources.requests", 'Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi') : null;
      return applyWorkload(b, w.ciDeployer, app, broken);
    }, 2],
    [(b) => {
      const app = b.rng.pick(w.scratchApps);
      return app.config.exists ? b.update(w.ciDeployer, app.config, { query: "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict", mutate: () => undefined }) : b.create(w.ciDeployer, app.config, { query: "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict" });
    }, 0.6],
    [(b) => b.delete(w.ciDeployer, mostlyExisting(b.rng, w.scratchApps.map((a) => a.workload), 0.7)), 0.25],
    [(b) => b.nonResource(w.ciDeployer, b.rng.pick(["/api", "/apis"]) + "?timeout=32s"), 1],
  ];
}

/** `kubectl apply`: creates the Deployment when missing, else patches it with a new image. */
export function applyWorkload(b: PlanBuilder, actor: Actor, app: App, failure: Failure | null = null): Plan {
  const query = "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict";
  if (!app.workload.exists) return b.create(actor, app.workload, { query, failure });
  const next = app.release + 1;
  const patch = () => JSON.stringify({
    metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: app.name, namespace: app.namespace }, spec: { replicas: app.replicas, template: { spec: { containers: [{ name: app.container, image: `${app.image}:v1.${Math.floor(next / 10)}.${next % 10}` }] } } } }) + "\n" } },
    spec: { template: { spec: { containers: [{ name: app.container, image: `${app.image}:v1.${Math.floor(next / 10)}.${next % 10}` }] } } },
  });
  return b.patch(actor, app.workload, patch, { query, failure, mutate: () => { app.release = next; } });
}
