import { qualifiedResource, type ResourceDef } from "./resources";

/** responseStatus of a success: the API server logs only the code. */
export const OK = (code: number) => `{"metadata":{},"code":${code}}`;

export type Failure = { code: number; reason: string; message: string; details: object | null };

/**
 * A failed request's responseStatus: the metav1.Status the API server returned, fields in the order Go
 * writes them. The same JSON, with kind/apiVersion, is the responseObject at RequestResponse level.
 */
export function failureStatus(f: Failure): string {
  const details = f.details ? `,"details":${JSON.stringify(f.details)}` : "";
  return `{"metadata":{},"status":"Failure","message":${JSON.stringify(f.message)},"reason":"${f.reason}"${details},"code":${f.code}}`;
}

export function failureObject(f: Failure): string {
  return `{"kind":"Status","apiVersion":"v1",${failureStatus(f).slice(1)}`;
}

function details(res: ResourceDef, name: string | undefined): object {
  return res.group === "" ? { name, kind: res.resource } : { name, group: res.group, kind: res.resource };
}

export const notFound = (res: ResourceDef, name: string): Failure => ({
  code: 404,
  reason: "NotFound",
  message: `${qualifiedResource(res)} "${name}" not found`,
  details: details(res, name),
});

export const alreadyExists = (res: ResourceDef, name: string): Failure => ({
  code: 409,
  reason: "AlreadyExists",
  message: `${qualifiedResource(res)} "${name}" already exists`,
  details: details(res, name),
});

export const conflict = (res: ResourceDef, name: string): Failure => ({
  code: 409,
  reason: "Conflict",
  message: `Operation cannot be fulfilled on ${qualifiedResource(res)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
  details: details(res, name),
});

/** The authorizer's wording, as `kubectl auth can-i` users know it. */
export function forbidden(user: string, verb: string, res: ResourceDef | null, namespace: string | undefined, name: string | undefined, subresource: string | undefined, path?: string): Failure {
  if (!res) {
    return { code: 403, reason: "Forbidden", message: `forbidden: User "${user}" cannot ${verb} path "${path ?? "/"}"`, details: {} };
  }
  const what = subresource ? `${res.resource}/${subresource}` : res.resource;
  const subject = name !== undefined ? `${qualifiedResource(res)} "${name}"` : qualifiedResource(res);
  const scope = res.namespaced && namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
  return {
    code: 403,
    reason: "Forbidden",
    message: `${subject} is forbidden: User "${user}" cannot ${verb} resource "${what}" in API group "${res.group}" ${scope}`,
    details: name !== undefined ? details(res, name) : res.group ? { group: res.group, kind: res.resource } : { kind: res.resource },
  };
}

export const invalid = (res: ResourceDef, name: string, field: string, detail: string): Failure => ({
  code: 422,
  reason: "Invalid",
  message: `${res.group ? `${res.kind}.${res.group}` : res.kind} "${name}" is invalid: ${field}: ${detail}`,
  details: {
    name,
    ...(res.group ? { group: res.group } : {}),
    kind: res.kind,
    causes: [{ reason: detail.startsWith("Required") ? "FieldValueRequired" : "FieldValueInvalid", message: detail, field }],
  },
});

export const webhookTimeout = (webhook: string, service: string): Failure => {
  const message = `Internal error occurred: failed calling webhook "${webhook}": failed to call webhook: Post "https://${service}:443/validate?timeout=10s": context deadline exceeded`;
  return { code: 500, reason: "InternalError", message, details: { causes: [{ message }] } };
};

export const tooManyRequests = (): Failure => ({
  code: 429,
  reason: "TooManyRequests",
  message: "Too many requests, please try again later.",
  details: { retryAfterSeconds: 1 },
});

export const disruptionBudget = (pdb: string, healthy: number): Failure => ({
  code: 429,
  reason: "TooManyRequests",
  message: "Cannot evict pod as it would violate the pod's disruption budget.",
  details: { causes: [{ reason: "DisruptionBudget", message: `The disruption budget ${pdb} needs ${healthy} healthy pods and has ${healthy} currently` }] },
});

export const serviceUnavailable = (): Failure => ({
  code: 503,
  reason: "ServiceUnavailable",
  message: "the server is currently unable to handle the request",
  details: null,
});
