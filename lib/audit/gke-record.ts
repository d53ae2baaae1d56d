/**
 * GKE writes Kubernetes audit events to Cloud Logging as Cloud Audit Logs (`protoPayload` of type
 * google.cloud.audit.AuditLog), not as audit.k8s.io Events. This maps one such record onto an Event
 * so the rest of Auditlens sees one shape; the record itself is what the store keeps, verbatim, and this
 * mapping runs again wherever a stored event is read. What GKE does not carry is left out rather than
 * invented: user groups, the query string of the request URI, other stages than the final one, and with
 * them the latency (the record has one timestamp).
 */

const AUDIT_LOG_TYPE = "type.googleapis.com/google.cloud.audit.AuditLog";
const API_VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;
// Subresources of a namespace itself: /api/v1/namespaces/foo/status is namespace foo, not resource "status".
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

/**
 * google.rpc.Code → HTTP, as documented in google/rpc/code.proto. GKE reports the gRPC code only, so a
 * 422 Invalid comes back as 400 and a 409 Conflict as 409 or 400 depending on the code GKE chose.
 */
const GRPC_TO_HTTP: Readonly<Record<number, number>> = {
  0: 200, // OK
  1: 499, // CANCELLED
  2: 500, // UNKNOWN
  3: 400, // INVALID_ARGUMENT
  4: 504, // DEADLINE_EXCEEDED
  5: 404, // NOT_FOUND
  6: 409, // ALREADY_EXISTS
  7: 403, // PERMISSION_DENIED
  8: 429, // RESOURCE_EXHAUSTED
  9: 400, // FAILED_PRECONDITION
  10: 409, // ABORTED
  11: 400, // OUT_OF_RANGE
  12: 501, // UNIMPLEMENTED
  13: 500, // INTERNAL
  14: 503, // UNAVAILABLE
  15: 500, // DATA_LOSS
  16: 401, // UNAUTHENTICATED
};

/** Marks an Event converted from a GKE record: its latency is unknown, its cluster is the record's. */
export const CONVERTED_ANNOTATION = "auditlens.dev/converted-from";
export const GKE_CONVERTED = "GKE Cloud Logging record";
/** The record's `resource.labels`, kept on the Event; the cluster name becomes the request's cluster. */
export const GKE_CLUSTER_ANNOTATION = "auditlens.dev/gke-cluster-name";
export const GKE_PROJECT_ANNOTATION = "auditlens.dev/gke-project-id";
export const GKE_LOCATION_ANNOTATION = "auditlens.dev/gke-location";

type Json = Record<string, unknown>;

export function isCloudAuditRecord(record: Json): boolean {
  const payload = record.protoPayload;
  return isObject(payload) && payload["@type"] === AUDIT_LOG_TYPE;
}

/** The Event for a GKE Kubernetes audit record, or why the Cloud Audit Log record is not one. */
export function gkeRecordToEvent(record: Json): { event: Json } | { problem: string } {
  const payload = record.protoPayload as Json;
  const service = str(payload.serviceName);
  const method = str(payload.methodName) ?? "";
  // GKE cluster operations (container.googleapis.com) share the format but are not API-server requests.
  if (service !== "k8s.io" && !(service === undefined && method.startsWith("io.k8s."))) {
    return { problem: `JSON but not an audit Event: Cloud Audit Log of ${service ?? "an unknown service"}, not of the Kubernetes API` };
  }

  const auth = obj(payload.authenticationInfo);
  const meta = obj(payload.requestMetadata);
  const status = obj(payload.status);
  const operation = obj(record.operation);
  const grpcCode = typeof status.code === "number" ? status.code : 0; // proto3 JSON omits 0 (OK)
  const timestamp = str(record.timestamp);
  const target = resourceTarget(str(payload.resourceName) ?? "");
  const username = str(auth.principalEmail);
  const callerIp = str(meta.callerIp);
  const message = str(status.message);

  const event: Json = {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: payload.response !== undefined ? "RequestResponse" : payload.request !== undefined ? "Request" : "Metadata",
    auditID: str(operation.id) ?? str(record.insertId),
    stage: "ResponseComplete",
    requestURI: target.requestURI,
    verb: method.slice(method.lastIndexOf(".") + 1),
    user: username === undefined ? {} : { username },
    sourceIPs: callerIp === undefined ? undefined : [callerIp],
    userAgent: str(meta.callerSuppliedUserAgent),
    objectRef: target.objectRef,
    responseStatus: { code: GRPC_TO_HTTP[grpcCode] ?? 500, ...(message ? { message } : {}) },
    requestObject: payload.request,
    responseObject: payload.response,
    requestReceivedTimestamp: timestamp,
    stageTimestamp: timestamp,
    annotations: { ...stringValues(record.labels), ...resourceAnnotations(obj(obj(record.resource).labels)), [CONVERTED_ANNOTATION]: GKE_CONVERTED },
  };
  for (const key of Object.keys(event)) if (event[key] === undefined) delete event[key];
  return { event };
}

/**
 * `core/v1/namespaces/default/pods/web-1` → /api/v1/namespaces/default/pods/web-1 and its objectRef;
 * a name without `<group>/<version>/` (`readyz`, `version`) is a non-resource request.
 */
export function resourceTarget(resourceName: string): { requestURI: string; objectRef?: Json } {
  const parts = resourceName.replace(/^\/+/, "").split("/");
  const [group, version] = parts;
  if (!group || !version || !API_VERSION.test(version)) return { requestURI: `/${parts.join("/")}` };
  const apiGroup = group === "core" ? "" : group;
  const prefix = apiGroup === "" ? `/api/${version}` : `/apis/${apiGroup}/${version}`;
  // Discovery of a group version (/api/v1) is not a resource request.
  if (parts.length < 3 || !parts[2]) return { requestURI: prefix };
  let rest = parts.slice(2);
  const objectRef: Json = { apiGroup, apiVersion: version };
  if (rest[0] === "namespaces" && rest.length >= 2) {
    objectRef.namespace = rest[1];
    const onNamespaceItself = rest.length === 2 || (rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2]!));
    if (!onNamespaceItself) rest = rest.slice(2);
  }
  objectRef.resource = rest[0];
  if (rest[1] !== undefined) objectRef.name = rest[1];
  if (rest.length > 2) objectRef.subresource = rest.slice(2).join("/");
  return { requestURI: `${prefix}/${parts.slice(2).join("/")}`, objectRef };
}

function resourceAnnotations(labels: Json): Record<string, string> {
  const out: Record<string, string> = {};
  const cluster = str(labels.cluster_name);
  const project = str(labels.project_id);
  const location = str(labels.location);
  if (cluster) out[GKE_CLUSTER_ANNOTATION] = cluster;
  if (project) out[GKE_PROJECT_ANNOTATION] = project;
  if (location) out[GKE_LOCATION_ANNOTATION] = location;
  return out;
}

function stringValues(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === "string") out[key] = v;
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function obj(value: unknown): Json {
  return isObject(value) ? value : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
