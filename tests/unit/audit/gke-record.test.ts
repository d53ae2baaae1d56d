import { describe, expect, it } from "vitest";
import { gkeRecordToEvent, resourceTarget } from "@/lib/audit/gke-record";
import { parseRawEvent } from "@/lib/audit/raw-event";
import { events, fixture, line, parseAll, parseSummary } from "../ingest/helpers";

const record = (payload: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({
  protoPayload: { "@type": "type.googleapis.com/google.cloud.audit.AuditLog", serviceName: "k8s.io", ...payload },
  insertId: "insert-1",
  timestamp: "2024-05-10T12:55:43.587646Z",
  ...rest,
});

describe("resourceTarget", () => {
  it("maps a namespaced core resource", () => {
    expect(resourceTarget("core/v1/namespaces/default/pods/web-1")).toEqual({
      requestURI: "/api/v1/namespaces/default/pods/web-1",
      objectRef: { apiGroup: "", apiVersion: "v1", namespace: "default", resource: "pods", name: "web-1" },
    });
  });

  it("maps a named group under /apis", () => {
    expect(resourceTarget("apps/v1/namespaces/x/deployments/y")).toEqual({
      requestURI: "/apis/apps/v1/namespaces/x/deployments/y",
      objectRef: { apiGroup: "apps", apiVersion: "v1", namespace: "x", resource: "deployments", name: "y" },
    });
  });

  it("maps cluster-scoped resources, collections and subresources", () => {
    expect(resourceTarget("rbac.authorization.k8s.io/v1/clusterroles/admin")).toEqual({
      requestURI: "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin",
      objectRef: { apiGroup: "rbac.authorization.k8s.io", apiVersion: "v1", resource: "clusterroles", name: "admin" },
    });
    expect(resourceTarget("core/v1/namespaces/default/pods")?.objectRef).toEqual({
      apiGroup: "", apiVersion: "v1", namespace: "default", resource: "pods",
    });
    expect(resourceTarget("core/v1/namespaces/default/pods/web-1/log")?.objectRef).toMatchObject({
      resource: "pods", name: "web-1", subresource: "log",
    });
    expect(resourceTarget("batch/v1beta1/cronjobs")?.objectRef).toEqual({ apiGroup: "batch", apiVersion: "v1beta1", resource: "cronjobs" });
  });

  it("treats a namespace itself like the API server does: namespace = name", () => {
    expect(resourceTarget("core/v1/namespaces/foo")?.objectRef).toEqual({
      apiGroup: "", apiVersion: "v1", namespace: "foo", resource: "namespaces", name: "foo",
    });
    expect(resourceTarget("core/v1/namespaces/foo/finalize")?.objectRef).toEqual({
      apiGroup: "", apiVersion: "v1", namespace: "foo", resource: "namespaces", name: "foo", subresource: "finalize",
    });
  });

  it("maps a non-resource name to a path without objectRef", () => {
    expect(resourceTarget("readyz")).toEqual({ requestURI: "/readyz" });
    expect(resourceTarget("livez/ping")).toEqual({ requestURI: "/livez/ping" });
    expect(resourceTarget("core/v1")).toEqual({ requestURI: "/api/v1" });
  });
});

describe("gkeRecordToEvent", () => {
  it("maps the Cloud Audit Log fields onto an Event", () => {
    const mapped = gkeRecordToEvent(record({
      authenticationInfo: { principalEmail: "alice@example.com" },
      methodName: "io.k8s.core.v1.pods.create",
      requestMetadata: { callerIp: "203.0.113.7", callerSuppliedUserAgent: "kubectl/v1.30.3" },
      resourceName: "core/v1/namespaces/default/pods/web-1",
      status: {},
    }, { operation: { id: "op-1", producer: "k8s.io", first: true, last: true }, labels: { "authorization.k8s.io/decision": "allow", count: 3 } }));
    expect(mapped).toEqual({
      event: {
        kind: "Event",
        apiVersion: "audit.k8s.io/v1",
        level: "Metadata",
        auditID: "op-1",
        stage: "ResponseComplete",
        requestURI: "/api/v1/namespaces/default/pods/web-1",
        verb: "create",
        user: { username: "alice@example.com" },
        sourceIPs: ["203.0.113.7"],
        userAgent: "kubectl/v1.30.3",
        objectRef: { apiGroup: "", apiVersion: "v1", namespace: "default", resource: "pods", name: "web-1" },
        responseStatus: { code: 200 },
        requestReceivedTimestamp: "2024-05-10T12:55:43.587646Z",
        stageTimestamp: "2024-05-10T12:55:43.587646Z",
        annotations: { "authorization.k8s.io/decision": "allow", "auditlens.dev/converted-from": "GKE Cloud Logging record" },
      },
    });
  });

  it("keeps the record's cluster, project and location as annotations", () => {
    const mapped = gkeRecordToEvent(record({ methodName: "io.k8s.get", resourceName: "readyz" }, {
      resource: { type: "k8s_cluster", labels: { cluster_name: "prod", location: "europe-west1", project_id: "acme" } },
    }));
    expect("event" in mapped && mapped.event.annotations).toEqual({
      "auditlens.dev/gke-cluster-name": "prod",
      "auditlens.dev/gke-project-id": "acme",
      "auditlens.dev/gke-location": "europe-west1",
      "auditlens.dev/converted-from": "GKE Cloud Logging record",
    });
  });

  it("falls back to insertId for auditID and takes the verb from the last method segment", () => {
    const mapped = gkeRecordToEvent(record({ methodName: "io.k8s.get", resourceName: "readyz" }));
    expect(mapped).toMatchObject({ event: { auditID: "insert-1", verb: "get", requestURI: "/readyz", user: {} } });
    expect("event" in mapped && "objectRef" in mapped.event).toBe(false);
  });

  it("sets the level from the bodies present", () => {
    const level = (payload: Record<string, unknown>) => {
      const mapped = gkeRecordToEvent(record({ methodName: "io.k8s.core.v1.pods.create", ...payload }));
      return "event" in mapped ? mapped.event.level : mapped.problem;
    };
    expect(level({})).toBe("Metadata");
    expect(level({ request: { kind: "Pod" } })).toBe("Request");
    expect(level({ request: { kind: "Pod" }, response: { kind: "Pod" } })).toBe("RequestResponse");
    const mapped = gkeRecordToEvent(record({ methodName: "x.create", request: { a: 1 }, response: { b: 2 } }));
    expect(mapped).toMatchObject({ event: { requestObject: { a: 1 }, responseObject: { b: 2 } } });
  });

  it("maps gRPC status codes to HTTP ones (google.rpc.Code), unknown to 500", () => {
    const code = (grpc: number | undefined) => {
      const mapped = gkeRecordToEvent(record({ methodName: "io.k8s.get", status: grpc === undefined ? {} : { code: grpc, message: "m" } }));
      return "event" in mapped ? (mapped.event.responseStatus as { code: number }).code : -1;
    };
    expect([undefined, 0, 3, 5, 6, 7, 9, 10, 16, 13, 14, 99].map(code)).toEqual([200, 200, 400, 404, 409, 403, 400, 409, 401, 500, 503, 500]);
  });

  it("refuses Cloud Audit Logs of other services (GKE cluster operations)", () => {
    const mapped = gkeRecordToEvent(record({ serviceName: "container.googleapis.com", methodName: "google.container.v1.ClusterManager.CreateCluster" }));
    expect(mapped).toEqual({ problem: "JSON but not an audit Event: Cloud Audit Log of container.googleapis.com, not of the Kubernetes API" });
  });
});

describe("GKE records through the parser", () => {
  it("reads GKE Cloud Logging records, one per line", async () => {
    const items = events(await parseAll(fixture("gke-cloud-logging.jsonl")));
    expect(items.map((e) => [e.line, e.event.auditID, e.event.verb, e.event.responseStatus?.code, e.event.level])).toEqual([
      [1, "9c1f3a2e-2b9a-4d8e-9d3a-5a7e0f6b1c01", "create", 200, "RequestResponse"],
      [2, "7d0e4b1c-0000-4000-8000-000000000002", "patch", 403, "Metadata"],
      [3, "only-insert-id", "get", 404, "Metadata"],
    ]);
    expect(items[1]?.event).toMatchObject({
      requestURI: "/apis/apps/v1/namespaces/shop/deployments/cart",
      user: { username: "system:serviceaccount:ci:deployer" },
      userAgent: "helm/v3.15.2",
      objectRef: { apiGroup: "apps", namespace: "shop", resource: "deployments", name: "cart" },
      responseStatus: { code: 403, message: 'deployments.apps "cart" is forbidden' },
      annotations: { "authorization.k8s.io/decision": "forbid" },
    });
    expect(items[2]?.event.objectRef).toMatchObject({ resource: "pods", name: "web-1", subresource: "log" });
  });

  it("stores the record verbatim as raw, which re-ingests as the same event", async () => {
    const text = fixture("gke-cloud-logging.jsonl");
    const [first] = events(await parseAll(text));
    expect(first!.raw).toBe(text.toString("utf8").split("\n")[0]);
    expect(parseRawEvent(first!.raw)).toEqual(first!.event);
    const [again] = events(await parseAll(`${first!.raw}\n`));
    expect(again?.event).toEqual(first!.event);
  });

  it("reports a GKE record without a timestamp as not an event", async () => {
    const broken = record({ methodName: "io.k8s.get", resourceName: "readyz" });
    delete (broken as { timestamp?: string }).timestamp;
    expect(await parseSummary(line(broken))).toEqual([
      ["invalid", 1, "JSON but not an audit Event: missing requestReceivedTimestamp, stageTimestamp and timestamp"],
    ]);
  });
});
