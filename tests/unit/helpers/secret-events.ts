import type { AuditEvent } from "@/lib/audit/event";
import { makeEvent } from "./events";

/**
 * Credentials as the API server logs them at RequestResponse level, in every shape redaction must reach.
 * Each value is distinct, so a test can grep any output for all of them.
 */
export const SECRET_VALUES = {
  password: "cGFzc3dvcmQtaHVudGVyMg==", // base64 of a password, as a Secret's data holds it
  apiKey: "c2stbGl2ZS1hYmMxMjM0NTY=",
  rotated: "cm90YXRlZC1wYXNzd29yZA==",
  plain: "plain-string-data-value-42",
  patchMerge: "bWVyZ2UtcGF0Y2gtdmFsdWU=",
  patchStrategic: "c3RyYXRlZ2ljLXZhbHVl",
  patchJsonOp: "anNvbi1wYXRjaC1vcA==",
  patchJsonWhole: "d2hvbGUtZGF0YS1yZXBsYWNl",
  applyYaml: "YXBwbHkteWFtbC12YWx1ZQ==",
  applyJson: "YXBwbHktanNvbi12YWx1ZQ==",
  listed: "bGlzdGVkLXNlY3JldA==",
  tabled: "dGFibGUtcm93LXNlY3JldA==",
  lastApplied: "bGFzdC1hcHBsaWVkLXZhbHVl",
  saToken: "eyJhbGciOiJSUzI1NiJ9.c2EtdG9rZW4tcGF5bG9hZA.sig-of-token-request",
  reviewed: "eyJhbGciOiJSUzI1NiJ9.cmV2aWV3ZWQtdG9rZW4.sig-of-token-review",
  bearer: "bearer-token-in-a-header-9f8e7d",
  authKey: "authorization-key-token-1a2b3c",
} as const;

const S = SECRET_VALUES;
const at = (i: number) => `2024-05-10T12:00:${String(i).padStart(2, "0")}.000100Z`;
const timed = (i: number) => ({ requestReceivedTimestamp: at(i), stageTimestamp: at(i).replace("000100Z", "012600Z") });
const secretRef = (name: string | undefined) => ({ resource: "secrets", namespace: "prod", ...(name ? { name } : {}), apiVersion: "v1" });

const secret = (name: string, data: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  kind: "Secret",
  apiVersion: "v1",
  metadata: { name, namespace: "prod", uid: `uid-${name}`, resourceVersion: "101", creationTimestamp: "2024-05-10T12:00:00Z" },
  type: "Opaque",
  data,
  ...extra,
});

const lastApplied = JSON.stringify({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "prod" }, data: { password: S.lastApplied } }) + "\n";

function body(i: number, verb: string, name: string | undefined, fields: Record<string, unknown>, uri?: string): AuditEvent {
  return makeEvent({
    auditID: `5ec2e700-0000-4000-8000-${String(i).padStart(12, "0")}`,
    level: "RequestResponse",
    verb,
    requestURI: uri ?? `/api/v1/namespaces/prod/secrets${name ? `/${name}` : ""}`,
    objectRef: secretRef(name),
    responseStatus: { metadata: {}, code: verb === "create" ? 201 : 200 } as AuditEvent["responseStatus"],
    ...timed(i),
    ...fields,
  });
}

/** One event per shape, by what it is. */
export function secretEvents(): Record<string, AuditEvent> {
  const created = secret("db", { password: S.password, "api-key": S.apiKey }, { metadata: { name: "db", namespace: "prod", annotations: { "kubectl.kubernetes.io/last-applied-configuration": lastApplied } } });
  return {
    create: body(1, "create", "db", { requestObject: created, responseObject: created, requestURI: "/api/v1/namespaces/prod/secrets" }),
    createStringData: body(2, "create", "plain", {
      requestObject: { kind: "Secret", apiVersion: "v1", metadata: { name: "plain" }, stringData: { token: S.plain } },
      responseObject: secret("plain", { token: Buffer.from(S.plain).toString("base64") }),
    }),
    update: body(3, "update", "db", {
      requestObject: secret("db", { password: S.rotated, "api-key": S.apiKey }),
      responseObject: secret("db", { password: S.rotated, "api-key": S.apiKey }),
    }),
    mergePatch: body(4, "patch", "db", {
      requestObject: { data: { password: S.patchMerge } },
      responseObject: secret("db", { password: S.patchMerge, "api-key": S.apiKey }),
    }),
    strategicPatch: body(5, "patch", "db", {
      requestObject: { $setElementOrder: {}, data: { $patch: "replace", password: S.patchStrategic }, metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": lastApplied } } },
      responseObject: secret("db", { password: S.patchStrategic }),
    }),
    jsonPatch: body(6, "patch", "db", {
      requestObject: [
        { op: "replace", path: "/data/password", value: S.patchJsonOp },
        { op: "add", path: "/data", value: { "api-key": S.patchJsonWhole } },
        { op: "remove", path: "/data/old" },
        { op: "replace", path: "/metadata/labels/tier", value: "db" },
      ],
      responseObject: secret("db", { password: S.patchJsonOp, "api-key": S.patchJsonWhole }),
    }),
    applyYaml: body(7, "patch", "db", {
      requestURI: "/api/v1/namespaces/prod/secrets/db?fieldManager=kubectl&force=true",
      requestObject: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\ndata:\n  password: ${S.applyYaml}\n`,
      responseObject: secret("db", { password: S.applyYaml }),
    }),
    applyJson: body(8, "patch", "db", {
      requestObject: { apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "prod" }, data: { password: S.applyJson } },
      responseObject: secret("db", { password: S.applyJson }),
    }),
    list: body(9, "list", undefined, {
      responseObject: { kind: "SecretList", apiVersion: "v1", metadata: { resourceVersion: "900" }, items: [
        { metadata: { name: "db", namespace: "prod" }, type: "Opaque", data: { password: S.listed } },
      ] },
    }),
    table: body(10, "list", undefined, {
      responseObject: { kind: "Table", apiVersion: "meta.k8s.io/v1", columnDefinitions: [], rows: [
        { cells: ["db", "Opaque", 1, "5m"], object: secret("db", { password: S.tabled }) },
      ] },
    }),
    genericList: makeEvent({
      auditID: "5ec2e700-0000-4000-8000-000000000011",
      level: "RequestResponse",
      verb: "create",
      requestURI: "/apis/example.io/v1/namespaces/prod/bundles",
      objectRef: { resource: "bundles", namespace: "prod", apiGroup: "example.io", apiVersion: "v1" },
      ...timed(11),
      requestObject: { kind: "List", apiVersion: "v1", items: [secret("db", { password: S.listed })] },
    }),
    tokenRequest: makeEvent({
      auditID: "5ec2e700-0000-4000-8000-000000000012",
      level: "RequestResponse",
      verb: "create",
      requestURI: "/api/v1/namespaces/prod/serviceaccounts/builder/token",
      objectRef: { resource: "serviceaccounts", namespace: "prod", name: "builder", apiVersion: "v1", subresource: "token" },
      responseStatus: { metadata: {}, code: 201 } as AuditEvent["responseStatus"],
      ...timed(12),
      requestObject: { kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1", spec: { audiences: ["https://kubernetes.default.svc"], expirationSeconds: 3600 }, status: { token: "", expirationTimestamp: null } },
      responseObject: { kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1", spec: { audiences: ["https://kubernetes.default.svc"] }, status: { token: S.saToken, expirationTimestamp: "2024-05-10T13:00:12Z" } },
    }),
    tokenReview: makeEvent({
      auditID: "5ec2e700-0000-4000-8000-000000000013",
      level: "RequestResponse",
      verb: "create",
      requestURI: "/apis/authentication.k8s.io/v1/tokenreviews",
      objectRef: { resource: "tokenreviews", apiGroup: "authentication.k8s.io", apiVersion: "v1" },
      responseStatus: { metadata: {}, code: 201 } as AuditEvent["responseStatus"],
      ...timed(13),
      requestObject: { kind: "TokenReview", apiVersion: "authentication.k8s.io/v1", spec: { token: S.reviewed } },
      responseObject: { kind: "TokenReview", apiVersion: "authentication.k8s.io/v1", spec: { token: S.reviewed }, status: { authenticated: true, user: { username: "system:serviceaccount:prod:builder" } } },
    }),
    bearer: makeEvent({
      auditID: "5ec2e700-0000-4000-8000-000000000014",
      level: "RequestResponse",
      verb: "create",
      requestURI: "/apis/example.io/v1/namespaces/prod/proxyroutes",
      objectRef: { resource: "proxyroutes", namespace: "prod", name: "proxy", apiGroup: "example.io", apiVersion: "v1" },
      ...timed(14),
      requestObject: {
        kind: "ProxyRoute",
        apiVersion: "example.io/v1",
        metadata: { name: "proxy" },
        spec: { probe: `curl -H "Authorization: Bearer ${S.bearer}" https://api`, headers: { Authorization: S.authKey, Accept: "application/json" } },
      },
    }),
  };
}
