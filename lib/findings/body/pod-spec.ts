import { at, isObject, text, type JsonObject } from "./json";

/** Where each kind of workload keeps the spec of the pods it runs. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  pods: ["spec"],
  deployments: ["spec", "template", "spec"],
  daemonsets: ["spec", "template", "spec"],
  statefulsets: ["spec", "template", "spec"],
  replicasets: ["spec", "template", "spec"],
  jobs: ["spec", "template", "spec"],
  replicationcontrollers: ["spec", "template", "spec"],
  podtemplates: ["template", "spec"],
  cronjobs: ["spec", "jobTemplate", "spec", "template", "spec"],
};

const RESOURCE_OF_KIND: Readonly<Record<string, string>> = {
  Pod: "pods",
  Deployment: "deployments",
  DaemonSet: "daemonsets",
  StatefulSet: "statefulsets",
  ReplicaSet: "replicasets",
  Job: "jobs",
  ReplicationController: "replicationcontrollers",
  PodTemplate: "podtemplates",
  CronJob: "cronjobs",
};

/** The resources whose objects hold a pod spec: what the workload rules match. */
export const WORKLOAD_RESOURCES = Object.keys(POD_SPEC_PATHS);

/**
 * The pod spec in a logged object of `resource` (the request's, else the object's kind decides), or
 * null when the object holds none: a Service, or a patch that does not touch the pod template.
 */
export function podSpecOf(object: JsonObject, resource: string | null): JsonObject | null {
  const byKind = typeof object.kind === "string" ? RESOURCE_OF_KIND[object.kind] : undefined;
  const path = POD_SPEC_PATHS[resource ?? ""] ?? (byKind ? POD_SPEC_PATHS[byKind] : undefined);
  if (!path) return null;
  const spec = at(object, ...path);
  return isObject(spec) ? spec : null;
}

export type Container = { label: string; spec: JsonObject };

const LISTS = [
  ["containers", "container"],
  ["initContainers", "init container"],
  ["ephemeralContainers", "ephemeral container"],
] as const;

/**
 * Every container of a pod spec, each with how a finding names it: "container app", "init container
 * setup". A patch may set a container without its name (a JSON patch by index): "containers[0]".
 */
export function containersOf(spec: JsonObject): Container[] {
  const out: Container[] = [];
  for (const [list, noun] of LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      if (!isObject(item)) return;
      const name = text(item.name);
      out.push({ label: name === null ? `${list}[${i}]` : `${noun} ${name}`, spec: item });
    });
  }
  return out;
}
