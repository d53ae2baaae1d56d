import { describe, expect, it } from "vitest";
import { formatPath } from "@/lib/audit/object-versions";
import { objectHistoryFrom, type ObjectKey } from "@/lib/store/sqlite/history";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { ingest, timed } from "./store-helpers";

const ref = { resource: "configmaps", namespace: "default", name: "my-config", apiVersion: "v1" };
const KEY: ObjectKey = { cluster: "test", group: "", resource: "configmaps", namespace: "default", name: "my-config" };

function configMap(data: Record<string, string>, rv: string) {
  return {
    kind: "ConfigMap",
    apiVersion: "v1",
    metadata: { name: "my-config", namespace: "default", resourceVersion: rv, managedFields: [{ manager: "kubectl", time: rv }] },
    data,
  };
}

describe("objectHistoryFrom", () => {
  it("finds an object by its exact name, not by names sharing its words, and one whose name has no words", () => {
    const { db } = tempDb();
    ingest(db, [
      makeEvent({ ...timed(0), objectRef: ref }),
      makeEvent({ ...timed(1), objectRef: { ...ref, name: "my-config-2" } }),
      makeEvent({ ...timed(2), objectRef: { ...ref, name: "config-my" } }),
      makeEvent({ ...timed(3), objectRef: { ...ref, name: "--" } }),
      makeEvent({ ...timed(4), objectRef: ref }),
    ]);
    expect(objectHistoryFrom(db, KEY).entries.map((e) => e.request.name)).toEqual(["my-config", "my-config"]);
    expect(objectHistoryFrom(db, { ...KEY, name: "--" }).entries).toHaveLength(1);
  });

  it("lists every request on the object with the change between consecutive versions", () => {
    const { db } = tempDb();
    ingest(db, [
      makeEvent({ ...timed(0), level: "RequestResponse", verb: "create", objectRef: ref, responseStatus: { code: 201 },
        requestObject: configMap({ color: "purple" }, ""), responseObject: configMap({ color: "purple" }, "100") }),
      makeEvent({ ...timed(1), level: "Metadata", verb: "get", objectRef: ref }),
      makeEvent({ ...timed(2), level: "RequestResponse", verb: "patch", user: { username: "bob" }, objectRef: ref,
        requestObject: { data: { color: "red", size: "xl" } }, responseObject: configMap({ color: "red", size: "xl" }, "101") }),
      makeEvent({ ...timed(3), level: "RequestResponse", verb: "update", objectRef: ref, responseStatus: { code: 409 },
        requestObject: configMap({ color: "green" }, "100"), responseObject: { kind: "Status", status: "Failure", code: 409 } }),
      makeEvent({ ...timed(4), level: "RequestResponse", verb: "delete", objectRef: ref,
        requestObject: { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy: "Background" },
        responseObject: { kind: "Status", status: "Success" } }),
      makeEvent({ ...timed(2), objectRef: { ...ref, name: "other" } }),
      makeEvent({ ...timed(2), objectRef: { ...ref, namespace: "prod" } }),
    ]);
    ingest(db, [makeEvent({ ...timed(2), objectRef: ref })], "other-cluster");

    const h = objectHistoryFrom(db, KEY);
    expect(h.truncated).toBe(false);
    expect(h.entries.map((e) => [e.request.verb, e.request.code])).toEqual([
      ["create", 201], ["get", 200], ["patch", 200], ["update", 409], ["delete", 200],
    ]);
    expect(h.versions).toBe(2);
    const [create, get, patch, update, del] = h.entries;
    expect(create!.object?.data).toEqual({ color: "purple" });
    expect(create!.changes).toBeNull();
    expect(get!.object).toBeNull();
    expect(patch!.patch).toEqual({ data: { color: "red", size: "xl" } });
    // resourceVersion and managedFields changed too, but they are noise.
    expect(patch!.changes).toEqual([
      { type: "changed", path: ["data", "color"], before: "purple", after: "red" },
      { type: "added", path: ["data", "size"], after: "xl" },
    ]);
    expect(patch!.previousId).toBe(create!.request.id);
    expect(update!.object).toBeNull(); // a failed update changed nothing
    expect(del!.object).toBeNull(); // DeleteOptions and a Status are not the object
    expect(del!.lastKnown?.data).toEqual({ color: "red", size: "xl" }); // what was deleted
    expect(patch!.lastKnown).toBeNull();

    const all = objectHistoryFrom(db, KEY, { all: true });
    expect(all.entries[2]!.changes!.map((c) => formatPath(c.path))).toContain("metadata.resourceVersion");
  });

  it("keeps the newest requests when there are more than the limit; subresources count", () => {
    const { db } = tempDb();
    ingest(db, [0, 1, 2].map((m) => makeEvent({ ...timed(m), objectRef: { ...ref, subresource: m === 2 ? "status" : undefined } })));
    const h = objectHistoryFrom(db, KEY, { limit: 2 });
    expect(h.truncated).toBe(true);
    expect(h.entries.map((e) => e.request.time)).toEqual(["2024-05-10T12:01:00.000000Z", "2024-05-10T12:02:00.000000Z"]);
    expect(h.entries[1]!.request.subresource).toBe("status");
  });

  it("cluster-scoped objects in a named API group", () => {
    const { db } = tempDb();
    const role = { resource: "clusterroles", apiGroup: "rbac.authorization.k8s.io", name: "reader", apiVersion: "v1" };
    ingest(db, [makeEvent({ ...timed(0), verb: "delete", objectRef: role })]);
    expect(objectHistoryFrom(db, { cluster: "test", group: "rbac.authorization.k8s.io", resource: "clusterroles", namespace: null, name: "reader" }).entries).toHaveLength(1);
    expect(objectHistoryFrom(db, { cluster: "test", group: "", resource: "clusterroles", namespace: null, name: "reader" }).entries).toHaveLength(0);
  });
});
