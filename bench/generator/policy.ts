import type { Actor } from "./actors";
import { R, type ResourceDef } from "./resources";

export type Level = "Metadata" | "Request" | "RequestResponse";

// Secrets and tokens never get bodies (they would leak credentials); leases, events and endpoints are
// written constantly and say little: a sane policy keeps all of them at Metadata.
const METADATA_ONLY: ReadonlySet<ResourceDef> = new Set<ResourceDef>([
  R.secrets, R.leases, R.events, R.eventsV1, R.endpoints, R.endpointslices, R.tokenreviews, R.subjectaccessreviews,
  R.serviceaccounts, R.nodes, R.csinodes, R.policyreports, R.podMetrics, R.customresourcedefinitions, R.controllerrevisions,
]);

const WRITES: ReadonlySet<string> = new Set(["create", "update", "patch", "delete"]);

/**
 * The audit policy this generated cluster runs, first match wins, like a real Policy:
 * quiet system identities and noisy or sensitive resources at Metadata; writes at RequestResponse
 * (pods at Request: their responses repeat the request); single-object reads at RequestResponse, so
 * object histories can show what a client saw, except the controllers'; lists and watches at Metadata.
 */
export function auditLevel(actor: Actor, verb: string, res: ResourceDef | null, subresource: string | undefined): Level {
  if (!res || actor.quiet || METADATA_ONLY.has(res)) return "Metadata";
  if (subresource !== undefined && subresource !== "scale") return "Metadata";
  if (WRITES.has(verb)) return res === R.pods ? "Request" : "RequestResponse";
  // kube-controller-manager's controllers read constantly and only to act; their reads say little.
  if (verb === "get") return actor.username.startsWith("system:serviceaccount:kube-system:") ? "Metadata" : "RequestResponse";
  return "Metadata";
}
