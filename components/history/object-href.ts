/** The object-history page for one object; `group` "" is the core group. */
export function objectHistoryHref(o: { cluster: string; apiGroup: string | null; resource: string; namespace: string | null; name: string }): string {
  const params = new URLSearchParams();
  params.set("cluster", o.cluster);
  if (o.apiGroup) params.set("group", o.apiGroup);
  if (o.namespace) params.set("ns", o.namespace);
  params.set("name", o.name);
  params.set("resource", o.resource);
  return `/objects?${params.toString()}`;
}
