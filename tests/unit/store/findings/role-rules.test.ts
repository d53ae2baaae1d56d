import { describe, expect, it } from "vitest";
import { ingestStream } from "@/lib/ingest/pipeline";
import type { Db } from "@/lib/store/sqlite/db";
import { roleRules } from "@/lib/store/sqlite/findings/role-rules";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { makeEvent } from "../../helpers/events";
import { tempDb } from "../../helpers/temp-db";
import { writeEvents } from "../../helpers/write-events";

const RBAC = "rbac.authorization.k8s.io";
const rule = (verb: string, resource = "pods") => ({ apiGroups: [""], resources: [resource], verbs: [verb] });

type Write = { minute: number; verb: string; level?: string; code?: number; request?: unknown; response?: unknown };

/** A request on a (Cluster)Role, at 12:<minute>, logging the bodies given. */
function roleEvent(kind: "Role" | "ClusterRole", name: string, namespace: string | null, w: Write) {
  const resource = kind === "Role" ? "roles" : "clusterroles";
  const t = `2024-05-10T12:${String(w.minute).padStart(2, "0")}:00.000000Z`;
  const path = `/apis/${RBAC}/v1/${namespace ? `namespaces/${namespace}/` : ""}${resource}${w.verb === "create" ? "" : `/${name}`}`;
  return makeEvent({
    level: (w.level ?? "RequestResponse") as "RequestResponse",
    verb: w.verb,
    requestURI: path,
    requestReceivedTimestamp: t,
    stageTimestamp: t.replace(".000000Z", ".020000Z"),
    objectRef: { resource, apiGroup: RBAC, apiVersion: "v1", name, ...(namespace ? { namespace } : {}) },
    responseStatus: { metadata: {}, code: w.code ?? 200 } as never,
    ...(w.request === undefined ? {} : { requestObject: w.request }),
    ...(w.response === undefined ? {} : { responseObject: w.response }),
  });
}

const role = (kind: "Role" | "ClusterRole", name: string, namespace: string | null, rules?: unknown[]) => ({
  kind,
  apiVersion: `${RBAC}/v1`,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...(rules ? { rules } : {}),
});

const lookup = (db: Db, cluster: string | null = null) => {
  const of = roleRules(db, cluster);
  return {
    cluster: (name: string) => of({ kind: "ClusterRole", namespace: null, name }),
    role: (namespace: string, name: string) => of({ kind: "Role", namespace, name }),
  };
};

describe("roleRules: what the store last logged of a role", () => {
  it("takes the newest version a create, update or patch left", () => {
    const { db } = tempDb();
    writeEvents(db, [
      roleEvent("ClusterRole", "ops", null, { minute: 0, verb: "create", response: role("ClusterRole", "ops", null, [rule("get")]) }),
      // Request level: only the body sent, which an update's is the whole object.
      roleEvent("ClusterRole", "ops", null, { minute: 1, verb: "update", level: "Request", request: role("ClusterRole", "ops", null, [rule("list")]) }),
      // A failed patch changed nothing; a read is no write; a patch's body is a patch, not the role.
      roleEvent("ClusterRole", "ops", null, { minute: 2, verb: "patch", code: 422, response: { kind: "Status", code: 422 } }),
      roleEvent("ClusterRole", "ops", null, { minute: 3, verb: "get", response: role("ClusterRole", "ops", null, [rule("*", "*")]) }),
      roleEvent("ClusterRole", "ops", null, { minute: 4, verb: "patch", level: "Request", request: { rules: [rule("*", "*")] } }),
    ]);
    expect(lookup(db).cluster("ops")).toEqual([rule("list")]);
    writeEvents(db, [roleEvent("ClusterRole", "ops", null, { minute: 5, verb: "patch", response: role("ClusterRole", "ops", null, [rule("watch")]) })]);
    expect(lookup(db).cluster("ops")).toEqual([rule("watch")]);
  });

  it("given a position, takes the newest version logged before it in (time, id) order", () => {
    const { db } = tempDb();
    writeEvents(db, [
      roleEvent("ClusterRole", "ops", null, { minute: 1, verb: "create", response: role("ClusterRole", "ops", null, [rule("get")]) }),
      roleEvent("ClusterRole", "ops", null, { minute: 3, verb: "update", response: role("ClusterRole", "ops", null, [rule("*", "*")]) }),
    ]);
    const of = roleRules(db);
    const ops = { kind: "ClusterRole" as const, namespace: null, name: "ops" };
    const minute = (m: number) => Date.UTC(2024, 4, 10, 12, m) * 1000;
    const [first, second] = db.prepare<[], { id: number }>("SELECT id FROM requests ORDER BY ts").all().map((r) => r.id);
    expect(of(ops, { tsUs: minute(0), id: Number.MAX_SAFE_INTEGER })).toBeUndefined();
    expect(of(ops, { tsUs: minute(1), id: first! })).toBeUndefined();
    expect(of(ops, { tsUs: minute(1), id: first! + 1 })).toEqual([rule("get")]);
    expect(of(ops, { tsUs: minute(3), id: second! })).toEqual([rule("get")]);
    expect(of(ops, { tsUs: minute(4), id: 0 })).toEqual([rule("*", "*")]);
  });

  it("tells a Role from a ClusterRole of the same name, and one namespace's Role from another's", () => {
    const { db } = tempDb();
    writeEvents(db, [
      roleEvent("Role", "reader", "dev", { minute: 0, verb: "create", request: role("Role", "reader", "dev", [rule("get")]) }),
      roleEvent("ClusterRole", "reader", null, { minute: 1, verb: "create", request: role("ClusterRole", "reader", null, [rule("*")]) }),
    ]);
    const { role: ofRole, cluster } = lookup(db);
    expect(ofRole("dev", "reader")).toEqual([rule("get")]);
    expect(cluster("reader")).toEqual([rule("*")]);
    expect(ofRole("prod", "reader")).toBeUndefined();
  });

  it("is undefined for a role never logged with a body, and [] for one that grants nothing", () => {
    const { db } = tempDb();
    writeEvents(db, [
      roleEvent("ClusterRole", "quiet", null, { minute: 0, verb: "create", level: "Metadata" }),
      roleEvent("ClusterRole", "empty", null, { minute: 1, verb: "create", response: role("ClusterRole", "empty", null) }),
    ]);
    expect(lookup(db).cluster("quiet")).toBeUndefined();
    expect(lookup(db).cluster("never")).toBeUndefined();
    expect(lookup(db).cluster("empty")).toEqual([]);
  });

  it("keeps to one cluster's copy when given the cluster, else the newest anywhere", () => {
    const { db } = tempDb();
    writeEvents(db, [roleEvent("ClusterRole", "ops", null, { minute: 0, verb: "create", response: role("ClusterRole", "ops", null, [rule("get")]) })], "a");
    writeEvents(db, [roleEvent("ClusterRole", "ops", null, { minute: 1, verb: "create", response: role("ClusterRole", "ops", null, [rule("delete")]) })], "b");
    expect(lookup(db, "a").cluster("ops")).toEqual([rule("get")]);
    expect(lookup(db, "b").cluster("ops")).toEqual([rule("delete")]);
    expect(lookup(db).cluster("ops")).toEqual([rule("delete")]);
    expect(lookup(db, "c").cluster("ops")).toBeUndefined();
  });

  it("reads a role a GKE Cloud Logging record created", async () => {
    const { db } = tempDb();
    const record = {
      protoPayload: {
        "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
        serviceName: "k8s.io",
        methodName: "io.k8s.authorization.rbac.v1.clusterroles.create",
        resourceName: `${RBAC}/v1/clusterroles/gke-ops`,
        authenticationInfo: { principalEmail: "alice@example.com" },
        request: role("ClusterRole", "gke-ops", null, [rule("get")]),
        response: role("ClusterRole", "gke-ops", null, [rule("escalate", "clusterroles")]),
        status: {},
      },
      insertId: "gke-role-1",
      resource: { type: "k8s_cluster", labels: { cluster_name: "gke-prod", project_id: "p", location: "europe-west1" } },
      timestamp: "2024-05-10T12:55:43.587646Z",
    };
    async function* source() {
      yield Buffer.from(`${JSON.stringify(record)}\n`);
    }
    await ingestStream(sqliteIngestTarget(db), source(), { cluster: "mine", source: "cli", filename: "gke.json" });
    expect(lookup(db).cluster("gke-ops")).toEqual([rule("escalate", "clusterroles")]);
  });
});
