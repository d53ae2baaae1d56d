/**
 * How a resource breakdown entry is named: kubectl's `resource.group` form, so that one string says
 * group, resource and subresource without ambiguity — `deployments.apps/scale`, core `pods/log`.
 * (Resource names never contain dots; API groups usually do, so the first dot splits them.)
 */
export function resourceFacetValue(apiGroup: string | null, resource: string, subresource: string | null): string {
  const base = apiGroup ? `${resource}.${apiGroup}` : resource;
  return subresource ? `${base}/${subresource}` : base;
}

/** The inverse of resourceFacetValue: `deployments.apps/scale` → { group: "apps", resource: "deployments/scale" }. */
export function parseResourceFacetValue(value: string): { group: string | null; resource: string } {
  const slash = value.indexOf("/");
  const head = slash < 0 ? value : value.slice(0, slash);
  const sub = slash < 0 ? "" : value.slice(slash);
  const dot = head.indexOf(".");
  if (dot < 0) return { group: null, resource: head + sub };
  return { group: head.slice(dot + 1), resource: head.slice(0, dot) + sub };
}

/** How a breakdown names its entry for requests without the field (FacetEntry.absent). */
export const ABSENT_LABEL = "(none)";

/** A React key for a breakdown entry: a group can be literally "", so the "(none)" entry's value is not unique. */
export function facetEntryKey(entry: { value: string; absent?: true }): string {
  return entry.absent ? "absent" : `=${entry.value}`;
}
