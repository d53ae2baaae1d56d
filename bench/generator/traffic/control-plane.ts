import type { Actor } from "../actors";
import type { ControllerName } from "../catalog";
import { rfc3339Seconds } from "../clock";
import { hex } from "../ids";
import { R, type ResourceDef } from "../resources";
import type { World } from "../world";
import { mostlyExisting, patchJson, type Entry } from "./common";

/** What kube-controller-manager's shared informers and the scheduler keep watching. */
const INFORMER_RESOURCES: ResourceDef[] = [
  R.pods, R.nodes, R.namespaces, R.services, R.endpoints, R.endpointslices, R.deployments, R.replicasets,
  R.statefulsets, R.daemonsets, R.jobs, R.cronjobs, R.configmaps, R.secrets, R.serviceaccounts,
  R.persistentvolumeclaims, R.persistentvolumes, R.poddisruptionbudgets, R.horizontalpodautoscalers, R.leases,
  R.roles, R.rolebindings, R.clusterroles, R.clusterrolebindings, R.ingresses, R.csidrivers, R.resourcequotas,
  R.controllerrevisions, R.networkpolicies,
];

/**
 * The control plane: leader-election leases, the API server's own bookkeeping, the scheduler, and
 * kube-controller-manager's controllers, each under its own service account.
 */
export function controlPlaneTraffic(w: World): Entry[] {
  const c = (name: ControllerName): Actor => w.controllers.get(name)!;
  const pods = w.all(R.pods);
  const deployments = w.all(R.deployments);
  const replicaSets = w.all(R.replicasets);
  const slices = w.all(R.endpointslices);
  const endpoints = w.all(R.endpoints);
  const hpas = w.all(R.horizontalpodautoscalers);
  const pdbs = w.all(R.poddisruptionbudgets);
  const statefulSets = w.all(R.statefulsets);
  const daemonSets = w.all(R.daemonsets);
  const [kcmLease, schedulerLease] = w.leaderLeases;
  const otherLeases = w.leaderLeases.slice(2);
  const controllerNames = [...w.controllers.keys()];
  const deploymentPods = pods.filter((p) => p.app?.workload.res === R.deployments);

  return [
    // Leader election: the leader renews every 2 s (update), candidates poll (get).
    [(b) => b.update(kcmLease!.actor, kcmLease!.lease, { query: "?timeout=5s", conflictChance: 0.001 }), 2.5],
    [(b) => b.get(kcmLease!.actor, kcmLease!.lease, { query: "?timeout=5s" }), 12],
    [(b) => b.update(schedulerLease!.actor, schedulerLease!.lease, { query: "?timeout=5s", conflictChance: 0.001 }), 2.5],
    [(b) => b.get(schedulerLease!.actor, schedulerLease!.lease, { query: "?timeout=5s" }), 12],
    [(b) => { const l = b.rng.pick(otherLeases); return b.update(l.actor, l.lease, { conflictChance: 0.005 }); }, 2],
    [(b) => { const l = b.rng.pick(otherLeases); return b.get(l.actor, l.lease); }, 25],

    // The API server itself: its identity lease, the `kubernetes` service endpoints, its informers.
    [(b) => b.update(w.apiserver, w.apiserverLease), 1.5],
    [(b) => b.get(w.apiserver, w.apiserverLease), 2],
    [(b) => b.get(w.apiserver, w.kubernetesEndpoints), 3],
    [(b) => b.get(w.apiserver, w.kubernetesSlice), 3],
    [(b) => b.watch(w.apiserver, b.rng.pick(INFORMER_RESOURCES), undefined), 1],
    [(b) => b.list(w.apiserver, b.rng.pick([R.resourcequotas, R.namespaces, R.clusterroles, R.customresourcedefinitions]), undefined), 3],

    // The scheduler: watches, then binds each new pod to a node and records an event.
    [(b) => b.watch(w.scheduler, b.rng.pick([R.pods, R.nodes, R.persistentvolumeclaims, R.csidrivers, R.namespaces, R.poddisruptionbudgets]), undefined), 2],
    [(b) => { const pod = mostlyExisting(b.rng, pods); return b.createSubresource(w.scheduler, pod, "binding"); }, 1],
    [(b) => { const pod = mostlyExisting(b.rng, pods); return b.create(w.scheduler, w.transient(R.eventsV1, pod.namespace, `${pod.name}.${hex(b.rng, 16)}`)); }, 1],

    // kube-controller-manager's shared informers (one identity) and per-controller lists.
    [(b) => b.watch(w.kcmInformers, b.rng.pick(INFORMER_RESOURCES), undefined), 6],
    [(b) => b.list(w.kcmInformers, b.rng.pick(INFORMER_RESOURCES), undefined), 2],
    [(b) => b.watch(c(b.rng.pick(controllerNames)), b.rng.pick(INFORMER_RESOURCES), undefined), 3],

    [(b) => b.update(c("endpointslice-controller"), mostlyExisting(b.rng, slices), { conflictChance: 0.08 }), 2.5],
    [(b) => b.update(c("endpoint-controller"), mostlyExisting(b.rng, endpoints), { conflictChance: 0.02 }), 2],
    [(b) => {
      // A replacement pod takes a free slot of the pool, so pod names recur over the day.
      let pod = b.rng.pick(deploymentPods);
      for (let i = 0; i < 12 && pod.exists; i++) pod = b.rng.pick(deploymentPods);
      return b.create(c("replicaset-controller"), pod, { generateName: true, podSecurity: b.rng.chance(0.7) ? "baseline:latest" : "restricted:latest" });
    }, 3],
    [(b) => b.delete(c("replicaset-controller"), mostlyExisting(b.rng, pods)), 1.5],
    [(b) => b.update(c("replicaset-controller"), mostlyExisting(b.rng, replicaSets), { subresource: "status", conflictChance: 0.03 }), 2],
    [(b) => b.update(c("deployment-controller"), mostlyExisting(b.rng, deployments), { subresource: "status", conflictChance: 0.04 }), 2],
    [(b) => {
      // Scales ReplicaSets, and recreates those the garbage collector took.
      const rs = b.rng.pick(replicaSets);
      return rs.exists ? b.update(c("deployment-controller"), rs, { conflictChance: 0.02 }) : b.create(c("deployment-controller"), rs);
    }, 0.8],
    [(b) => b.update(c("statefulset-controller"), mostlyExisting(b.rng, statefulSets), { subresource: "status" }), 0.8],
    [(b) => b.update(c("daemon-set-controller"), mostlyExisting(b.rng, daemonSets), { subresource: "status" }), 0.8],
    [(b) => b.update(c("disruption-controller"), mostlyExisting(b.rng, pdbs), { subresource: "status", conflictChance: 0.02 }), 1],
    [(b) => b.get(c("horizontal-pod-autoscaler"), mostlyExisting(b.rng, deployments), { subresource: "scale" }), 3],
    [(b) => { const h = mostlyExisting(b.rng, hpas); return b.list(c("horizontal-pod-autoscaler"), R.podMetrics, h.namespace, `?labelSelector=app.kubernetes.io%2Fname%3D${h.app?.name ?? h.name}`); }, 2],
    [(b) => b.update(c("horizontal-pod-autoscaler"), mostlyExisting(b.rng, hpas), { subresource: "status" }), 1.5],
    [(b) => {
      return b.update(c("job-controller"), mostlyExisting(b.rng, w.jobs), { subresource: "status" });
    }, 0.6],
    [(b) => {
      let job = b.rng.pick(w.jobs);
      for (let i = 0; i < 6 && job.exists; i++) job = b.rng.pick(w.jobs);
      return b.create(c("cronjob-controller"), job);
    }, 0.8],
    [(b) => b.update(c("cronjob-controller"), b.rng.pick(w.cronJobs), { subresource: "status" }), 0.3],
    [(b) => b.delete(c("ttl-after-finished-controller"), b.rng.pick(w.jobs), { query: "" }), 0.8],
    // The garbage collector looks up owners that may be gone, and deletes orphans.
    [(b) => b.get(c("generic-garbage-collector"), b.rng.pick(b.rng.chance(0.5) ? replicaSets : pods)), 3],
    [(b) => b.delete(c("generic-garbage-collector"), mostlyExisting(b.rng, b.rng.chance(0.15) ? replicaSets : pods, 0.6)), 1],
    [(b) => b.list(c("pod-garbage-collector"), R.pods, undefined, "?fieldSelector=status.phase%3DFailed&limit=500"), 0.5],
    [(b) => {
      const n = b.rng.pick(w.nodes);
      return b.patch(c("ttl-controller"), n.obj, patchJson({ metadata: { annotations: { "node.alpha.kubernetes.io/ttl": "0" } } }));
    }, 0.4],
    [(b) => b.get(c("node-controller"), b.rng.pick(w.nodes).obj), 1],
    // Preview namespaces get torn down: the namespace controller empties them resource by resource.
    [(b) => {
      const ns = b.rng.pick(["preview-pr-4821", "preview-pr-4907"]);
      return b.deleteCollection(c("namespace-controller"), b.rng.pick([R.pods, R.configmaps, R.events, R.deployments, R.replicasets, R.services, R.secrets]), ns);
    }, 0.35],
    [(b) => b.list(c("namespace-controller"), b.rng.pick(INFORMER_RESOURCES), b.rng.pick(["preview-pr-4821", "preview-pr-4907"]), "?limit=500"), 0.5],
    [(b) => {
      const ns = b.rng.pick(w.namespaces);
      return b.update(c("root-ca-cert-publisher"), w.nsObjects.get(ns.name)!.rootCA);
    }, 0.15],
    [(b) => {
      const slice = mostlyExisting(b.rng, slices);
      return b.patch(c("endpointslicemirroring-controller"), slice, patchJson({ metadata: { annotations: { "endpoints.kubernetes.io/last-change-trigger-time": rfc3339Seconds(b.now) } } }));
    }, 0.3],
  ];
}
