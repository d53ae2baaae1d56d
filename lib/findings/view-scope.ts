import type { Scopes } from "@/lib/query/scope";
import type { BodyCheck } from "./rule";
import type { Rule } from "./types";

/**
 * What a scoped principal is shown of the stored findings. The reads keep hits to requests in scope, but
 * that is not enough: a burst or sequence hit exists because of other requests (a cluster-wide binding,
 * Secrets read in other namespaces) the principal may not read, so even a hit on a request in scope tells
 * of them. Scoped principals see single-request rules only, and a rule no longer loaded (its kind
 * unknown) not at all. The `rule:` query field is left as it is: it selects requests, it shows no hit.
 */
export function shownToScopes(rule: Rule | undefined, scopes: Scopes): boolean {
  return scopes === null || rule?.kind === "match";
}

/** Body checks whose text quotes objects other than the request's own: the role a binding refers to. */
const QUOTES_OTHER_OBJECTS: ReadonlySet<BodyCheck> = new Set<BodyCheck>(["powerful-role-ref"]);

/** A hit's detail as a principal may read it: none, for a scoped one, where the check read another object. */
export function shownDetail(rule: Rule | undefined, detail: string | null, scopes: Scopes): string | null {
  if (scopes === null) return detail;
  return rule && rule.body !== null && !QUOTES_OTHER_OBJECTS.has(rule.body) ? detail : null;
}
