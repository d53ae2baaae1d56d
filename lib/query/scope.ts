import type { Scope } from "@/lib/auth/principal";
import type { Filter } from "./filter";

/**
 * Where a principal may look: null for everywhere, else the union of its scopes. A scope is ANDed into
 * every query; it never comes from a URL, only from who is signed in.
 */
export type Scopes = readonly Scope[] | null;

/** A view's filter with the signed-in principal's scopes: what every read of the store takes. */
export type ScopedFilter = Filter & { scopes?: Scopes };

/** The in-memory rule the SQL of scopeToSql must agree with: cluster-scoped requests are for unscoped principals only. */
export function inScope(scopes: Scopes, cluster: string, namespace: string | null): boolean {
  if (scopes === null) return true;
  if (!namespace) return false;
  return scopes.some((s) => s.cluster === cluster && (!s.namespaces || s.namespaces.includes(namespace)));
}

export function withScopes(filter: Filter, scopes: Scopes): ScopedFilter {
  return { ...filter, scopes };
}
