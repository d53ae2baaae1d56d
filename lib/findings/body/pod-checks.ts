import { at, isObject, strings, text, type JsonObject } from "./json";
import { containersOf } from "./pod-spec";
import { untrustedImages } from "./images";

/** What one check found in a pod spec: the finding's detail, or null for nothing. */
export type PodCheck = (spec: JsonObject, trustedRegistries: readonly string[]) => string | null;

/** "container app" / "containers app, sidecar" */
function named(labels: string[]): string {
  return labels.length === 1 ? labels[0]! : `containers ${labels.map((l) => l.replace(/^container /, "")).join(", ")}`;
}

const privileged: PodCheck = (spec) => {
  const found = containersOf(spec).filter((c) => at(c.spec, "securityContext", "privileged") === true);
  return found.length === 0 ? null : `privileged: ${named(found.map((c) => c.label))}`;
};

const hostPath: PodCheck = (spec) => {
  const volumes = Array.isArray(spec.volumes) ? spec.volumes.filter(isObject) : [];
  const paths = volumes.flatMap((v) => (isObject(v.hostPath) ? [text(v.hostPath.path) ?? `(volume ${text(v.name) ?? "unnamed"})`] : []));
  return paths.length === 0 ? null : `hostPath ${paths.join(", ")}`;
};

const hostNamespace =
  (field: "hostNetwork" | "hostPID" | "hostIPC"): PodCheck =>
  (spec) =>
    spec[field] === true ? `${field}: true` : null;

/**
 * The capabilities container runtimes (containerd, CRI-O, Docker) grant by default: adding one of them
 * changes nothing, so only the others are reported.
 */
const DEFAULT_CAPABILITIES = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "NET_RAW",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

const addedCapabilities: PodCheck = (spec) => {
  const parts = containersOf(spec).flatMap((c) => {
    const added = strings(at(c.spec, "securityContext", "capabilities", "add"))
      .map((cap) => cap.toUpperCase().replace(/^CAP_/, ""))
      .filter((cap) => !DEFAULT_CAPABILITIES.has(cap));
    if (added.length === 0) return [];
    return [`${added.length === 1 ? "capability" : "capabilities"} ${added.join(", ")} added: ${c.label}`];
  });
  return parts.length === 0 ? null : parts.join("; ");
};

const untrustedImage: PodCheck = (spec, trusted) => {
  // Without a list there is nothing to compare with; the rule requires the setting anyway.
  if (trusted.length === 0) return null;
  const images = containersOf(spec).flatMap((c) => {
    const image = text(c.spec.image);
    return image === null ? [] : [image];
  });
  const bad = [...new Set(untrustedImages(images, trusted))];
  if (bad.length === 0) return null;
  return `${bad.length === 1 ? "image" : "images"} ${bad.join(", ")} not from a trusted registry`;
};

export const POD_CHECKS = {
  privileged,
  "host-path": hostPath,
  "host-network": hostNamespace("hostNetwork"),
  "host-pid": hostNamespace("hostPID"),
  "host-ipc": hostNamespace("hostIPC"),
  "added-capabilities": addedCapabilities,
  "untrusted-image": untrustedImage,
} as const satisfies Record<string, PodCheck>;
