import type { AuditEvent } from "@/lib/audit/event";

let counter = 0;

/** A realistic v1 audit event; override what the test is about. */
export function makeEvent(overrides: Partial<AuditEvent> & Record<string, unknown> = {}): AuditEvent {
  counter++;
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/prod/pods/web-1",
    verb: "get",
    user: { username: "alice", groups: ["devs", "system:authenticated"] },
    sourceIPs: ["10.0.0.5"],
    userAgent: "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
    objectRef: { resource: "pods", namespace: "prod", name: "web-1", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 } as AuditEvent["responseStatus"],
    requestReceivedTimestamp: "2024-05-10T12:00:00.000100Z",
    stageTimestamp: "2024-05-10T12:00:00.012600Z",
    annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "" },
    ...overrides,
  } as AuditEvent;
}

export const jsonLines = (events: object[]): string => events.map((e) => JSON.stringify(e)).join("\n") + "\n";
