import type { MatchableRequest } from "@/lib/query/matchable";
import type { BodyCheck } from "./rule";
import type { BodyCheckContext, BodyVerdict, LoggedBodies } from "./types";
import { loggedObject } from "./body/logged-object";
import { POD_CHECKS } from "./body/pod-checks";
import { podSpecOf } from "./body/pod-spec";
import { powerfulRoleRef, powerfulRoleRules } from "./body/rbac-checks";
import { at, text } from "./body/json";

const BINDINGS = new Set(["rolebindings", "clusterrolebindings"]);
const ROLES = new Set(["roles", "clusterroles"]);

/**
 * Checks of a logged request body that a query cannot express: a rule with `body:` hits only when its
 * check finds something. The object read is the result when the response holds it, else what the
 * request sent (for a patch: what it sets). `{notLogged}` when the event logged no body (level
 * Metadata, or a truncated body): the Findings page counts those requests as "not checked".
 */
export function checkBody(check: BodyCheck, bodies: LoggedBodies | undefined, request: MatchableRequest, ctx: BodyCheckContext): BodyVerdict {
  const object = bodies === undefined ? undefined : loggedObject(bodies);
  if (object === undefined) return { notLogged: true };
  switch (check) {
    case "powerful-role-ref": {
      if (!isResource(request, object, BINDINGS, ["RoleBinding", "ClusterRoleBinding"])) return { found: null };
      const namespace = request.namespace ?? text(at(object, "metadata", "namespace"));
      return { found: powerfulRoleRef(object, namespace, ctx) };
    }
    case "powerful-role-rules":
      if (!isResource(request, object, ROLES, ["Role", "ClusterRole"])) return { found: null };
      return { found: powerfulRoleRules(object) };
    default: {
      // A pod's status or a workload's scale answers with the whole object, yet the write changed no pod spec.
      if (request.subresource !== null && request.subresource !== "ephemeralcontainers") return { found: null };
      const spec = podSpecOf(object, request.resource);
      if (spec === null) return { found: null };
      // Adding an ephemeral container changes only those: the pod's namespaces and volumes were judged when it was created.
      const judged = request.subresource === "ephemeralcontainers" ? { ephemeralContainers: spec.ephemeralContainers } : spec;
      return { found: POD_CHECKS[check](judged, ctx.trustedRegistries) };
    }
  }
}

function isResource(request: MatchableRequest, object: Record<string, unknown>, resources: Set<string>, kinds: string[]): boolean {
  if (request.resource !== null) return resources.has(request.resource);
  return typeof object.kind === "string" && kinds.includes(object.kind);
}
