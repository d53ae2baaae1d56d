/** "pods" + "log" → "pods/log"; null when the request is not a resource request. */
export function formatResource(resource: string | null, subresource: string | null): string | null {
  if (!resource) return subresource ? `*/${subresource}` : null;
  return subresource ? `${resource}/${subresource}` : resource;
}

/** API group and version as kubectl prints them: "apps/v1", core group "v1"; "core" when the version is unknown. */
export function formatGroupVersion(apiGroup: string | null, apiVersion: string | null): string {
  const group = apiGroup ?? "";
  if (!apiVersion) return group || "core";
  return group ? `${group}/${apiVersion}` : apiVersion;
}

/** "namespace/name", only the name for cluster-scoped objects, only the namespace for collection calls. */
export function formatObject(namespace: string | null, name: string | null): string | null {
  if (namespace && name) return `${namespace}/${name}`;
  return name || namespace || null;
}
