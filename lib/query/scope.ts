import type { Scope } from "@/lib/auth/principal";
import type { Filter } from "./filter";
import type { FilterNode } from "./tree";

/**
 * Where a principal may look: null for everywhere, else the union of its scopes. A scope is ANDed into
 * every query; it never comes from a URL, only from who is signed in.
 */
export type Scopes = readonly Scope[] | null;

/** A view's filter with the signed-in principal's scopes: what every read of the store takes. */
export type ScopedFilter = Filter & { scopes?: Scopes };

/**
 * A principal's scopes as a tree, ANDed into every filter it reads. inScope is the same rule for one
 * request in hand. Both fields are rollup columns, so a scoped dashboard is still answered from the rollups.
 */
export function scopesTree(scopes: NonNullable<Scopes>): FilterNode {
  return {
    kind: "or",
    items: scopes.map((s) => ({
      kind: "and",
      items: [
        { kind: "term", field: "cluster", matches: [{ kind: "eq", value: s.cluster }] },
        s.namespaces
          ? { kind: "term", field: "ns", matches: s.namespaces.map((value) => ({ kind: "eq", value })) }
          : { kind: "not", item: { kind: "term", field: "ns", matches: [{ kind: "absent" }] } },
      ],
    })),
  };
}

/** The rule of scopesTree for one request: cluster-scoped requests are for unscoped principals only. */
export function inScope(scopes: Scopes, cluster: string, namespace: string | null): boolean {
  if (scopes === null) return true;
  if (!namespace) return false;
  return scopes.some((s) => s.cluster === cluster && (!s.namespaces || s.namespaces.includes(namespace)));
}

export function withScopes(filter: Filter, scopes: Scopes): ScopedFilter {
  return { ...filter, scopes };
}
