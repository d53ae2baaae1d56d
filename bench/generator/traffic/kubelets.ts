import { hex } from "../ids";
import { R } from "../resources";
import type { ClusterNode, World } from "../world";
import { mostlyExisting, nameSelector, type Entry } from "./common";

/**
 * Kubelets: lease renewals every 10 s, node status, the configmaps and secrets their pods mount
 * (watched one by one), their own pods, events and service-account tokens. The Node authorizer allows
 * all of it with an empty reason. And kube-proxy, the other per-node client.
 */
const PROXY_SELECTOR = "&labelSelector=%21service.kubernetes.io%2Fheadless%2C%21service.kubernetes.io%2Fservice-proxy-name";

export function kubeletTraffic(w: World): Entry[] {
  const pods = w.all(R.pods);
  const anyNode = (rng: { pick<T>(a: readonly T[]): T }): ClusterNode => rng.pick(w.nodes);
  return [
    [(b) => { const n = anyNode(b.rng); return b.update(n.kubelet, n.lease, { query: "?timeout=10s", conflictChance: 0.003 }); }, 7],
    [(b) => { const n = anyNode(b.rng); return b.get(n.kubelet, n.lease, { query: "?timeout=10s" }); }, 4],
    [(b) => { const n = anyNode(b.rng); return b.get(n.kubelet, n.obj, { query: "?resourceVersion=0&timeout=10s" }); }, 170],
    [(b) => { const n = anyNode(b.rng); return b.patch(n.kubelet, n.obj, () => "", { subresource: "status", query: "?timeout=10s" }); }, 2.5],
    // The configmaps and secrets a pod mounts, each watched by name.
    [(b) => {
      const pod = b.rng.pick(pods);
      const app = pod.app!;
      const cm = b.rng.chance(0.5) ? w.nsObjects.get(pod.namespace)!.rootCA : app.config;
      const target = b.rng.chance(0.3) ? app.secret : cm;
      return b.watch(pod.node!.kubelet, target.res, target.namespace, nameSelector(target.name));
    }, 8],
    [(b) => {
      const pod = b.rng.pick(pods);
      const target = b.rng.chance(0.3) ? pod.app!.secret : pod.app!.config;
      return b.list(pod.node!.kubelet, target.res, target.namespace, `?fieldSelector=metadata.name%3D${target.name}&limit=500&resourceVersion=0`);
    }, 15],
    [(b) => { const n = anyNode(b.rng); return b.watch(n.kubelet, R.pods, undefined, `&fieldSelector=spec.nodeName%3D${n.name}`); }, 2],
    [(b) => { const n = anyNode(b.rng); return b.watch(n.kubelet, R.nodes, undefined, nameSelector(n.name)); }, 1],
    [(b) => { const n = anyNode(b.rng); return b.watch(n.kubelet, R.services, undefined, PROXY_SELECTOR); }, 1],
    [(b) => { const n = anyNode(b.rng); return b.watch(n.kubelet, b.rng.chance(0.5) ? R.csidrivers : R.runtimeclasses, undefined); }, 1],
    [(b) => {
      const pod = mostlyExisting(b.rng, pods, 0.98);
      return b.patch(pod.node!.kubelet, pod, () => "", { subresource: "status" });
    }, 3],
    [(b) => { const pod = mostlyExisting(b.rng, pods, 0.8); return b.get(pod.node!.kubelet, pod); }, 30],
    [(b) => {
      const pod = mostlyExisting(b.rng, pods);
      const ev = w.transient(R.events, pod.namespace, `${pod.name}.${hex(b.rng, 16)}`);
      return b.create(pod.node!.kubelet, ev);
    }, 2],
    [(b) => {
      const pod = mostlyExisting(b.rng, pods);
      return b.createSubresource(pod.node!.kubelet, pod.app!.serviceAccount, "token");
    }, 1.5],
    [(b) => { const n = anyNode(b.rng); return b.get(n.kubelet, n.csinode); }, 12],
    // After a pod's containers have stopped, its kubelet removes it for good (grace period 0).
    [(b) => {
      const pod = mostlyExisting(b.rng, pods);
      return b.delete(pod.node!.kubelet, pod);
    }, 2.5],
    [(b) => { const n = anyNode(b.rng); return b.get(n.kubelet, b.rng.pick(w.csiDrivers)); }, 1],
    // kube-proxy on every node follows services and their endpoints.
    [(b) => b.watch(w.kubeProxy, b.rng.pick([R.endpointslices, R.services, R.nodes]), undefined, b.rng.chance(0.66) ? PROXY_SELECTOR : ""), 3],
  ];
}
