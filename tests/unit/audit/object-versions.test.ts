import { describe, expect, it } from "vitest";
import {
  addBodies, diffVersions, formatPath, HISTORY_DEPTH, isFullObject, logsBodies, objectAfter, objectVersions, TOO_DEEP,
  type Bodies, type VersionedRequest,
} from "@/lib/audit/object-versions";
import { levelRank } from "@/lib/audit/stages";

describe("object versions", () => {
  it("recognises the object by kind, and old kind-less bodies by metadata", () => {
    expect(isFullObject({ kind: "ConfigMap" }, "configmaps", "x")).toBe(true);
    expect(isFullObject({ kind: "NetworkPolicy" }, "networkpolicies", "x")).toBe(true);
    expect(isFullObject({ kind: "Status" }, "configmaps", "x")).toBe(false);
    expect(isFullObject({ kind: "DeleteOptions" }, "configmaps", "x")).toBe(false);
    expect(isFullObject({ metadata: { name: "x" } }, "configmaps", "x")).toBe(true);
    expect(isFullObject([{ op: "replace" }], "configmaps", "x")).toBe(false);
  });

  it("takes the response body first, a create/update request body next, never a patch", () => {
    const cm = { kind: "ConfigMap", data: { a: "1" } };
    expect(objectAfter("create", null, "configmaps", "x", { requestObject: cm })).toBe(cm);
    expect(objectAfter("patch", null, "configmaps", "x", { requestObject: cm })).toBeNull();
    expect(objectAfter("delete", null, "configmaps", "x", { responseObject: cm })).toBe(cm);
    expect(objectAfter("create", "exec", "pods", "x", { responseObject: { kind: "Pod" } })).toBeNull();
  });

  it("diffs arrays by index and formats paths", () => {
    const before = { spec: { containers: [{ image: "nginx:1.25" }] } };
    const after = { spec: { containers: [{ image: "nginx:1.27" }] } };
    const [c] = diffVersions(before, after);
    expect(formatPath(c!.path)).toBe("spec.containers[0].image");
    expect(formatPath(["data", "ui.properties"])).toBe('data["ui.properties"]');
  });
});

type Req = VersionedRequest & { bodies: Bodies };
const configMap = (data: Record<string, string>, rv: string) => ({ kind: "ConfigMap", metadata: { name: "x", resourceVersion: rv }, data });
let nextId = 1;
const req = (verb: string, bodies: Bodies, over: Partial<Req> = {}): Req => ({ id: nextId++, verb, subresource: null, code: 200, bodies, ...over });
const versionsOf = (requests: Req[], all = false) => objectVersions("configmaps", "x", requests, (r) => r.bodies, all);

describe("objectVersions", () => {
  it("gives each version the change from the one before, and ignores requests that logged none", () => {
    const create = req("create", { requestObject: configMap({ a: "1" }, ""), responseObject: configMap({ a: "1" }, "1") }, { code: 201 });
    const get = req("get", {});
    const update = req("update", { requestObject: configMap({ a: "2" }, "1"), responseObject: configMap({ a: "2" }, "2") });
    const { entries, versions } = versionsOf([create, get, update]);
    expect(versions).toBe(2);
    expect(entries.map((e) => e.request)).toEqual([create, get, update]);
    expect(entries[0]).toMatchObject({ object: create.bodies.responseObject, changes: null, previousId: null });
    expect(entries[1]).toMatchObject({ object: null, changes: null, previousId: null });
    // resourceVersion changed too: noise, unless every field is asked for.
    expect(entries[2]).toMatchObject({ changes: [{ type: "changed", path: ["data", "a"], before: "1", after: "2" }], previousId: create.id });
    expect(versionsOf([create, get, update], true).entries[2]!.changes!.map((c) => formatPath(c.path))).toContain("metadata.resourceVersion");
  });

  it("leaves no version for a failed request, and shows a patch as sent", () => {
    const patch = { data: { a: "3" } };
    const { entries, versions } = versionsOf([
      req("update", { requestObject: configMap({ a: "2" }, "1"), responseObject: { kind: "Status", code: 409 } }, { code: 409 }),
      req("create", { responseObject: configMap({ a: "1" }, "1") }, { code: 500 }),
      req("patch", { requestObject: patch }),
    ]);
    expect(versions).toBe(0);
    expect(entries.map((e) => e.object)).toEqual([null, null, null]);
    expect(entries[2]!.patch).toBe(patch);
    expect("patch" in entries[0]!).toBe(false);
  });

  it("says what a successful delete deleted, and diffs a re-created object against it", () => {
    const first = req("create", { responseObject: configMap({ a: "1" }, "1") });
    const failedDelete = req("delete", {}, { code: 403 });
    const statusDelete = req("delete", {}, { subresource: "status" });
    const del = req("delete", { responseObject: { kind: "Status", status: "Success" } });
    const again = req("create", { responseObject: configMap({ a: "9" }, "5") });
    const { entries } = versionsOf([first, failedDelete, statusDelete, del, again]);
    expect(entries.map((e) => e.lastKnown)).toEqual([null, null, null, first.bodies.responseObject, null]);
    expect(entries[4]).toMatchObject({ previousId: first.id, changes: [{ type: "changed", path: ["data", "a"], before: "1", after: "9" }] });
  });

  it("takes a delete's response as the version when it is the object (a finalizer kept it)", () => {
    const create = req("create", { responseObject: configMap({ a: "1" }, "1") });
    const del = req("delete", { responseObject: configMap({ a: "1" }, "2") });
    const { entries, versions } = versionsOf([create, del]);
    expect(versions).toBe(2);
    expect(entries[1]).toMatchObject({ object: del.bodies.responseObject, lastKnown: create.bodies.responseObject, changes: [] });
  });
});

describe("a request's bodies", () => {
  it("are logged at the Request and RequestResponse levels only", () => {
    expect((["None", "Metadata", "Request", "RequestResponse"] as const).map((l) => logsBodies(levelRank(l)))).toEqual([false, false, true, true]);
  });

  it("come from the later stage, keeping a body only an earlier stage logged", () => {
    const bodies: Bodies = {};
    addBodies(bodies, { requestObject: { v: 1 } });
    addBodies(bodies, { requestObject: { v: 2 }, responseObject: { v: 3 } });
    addBodies(bodies, {});
    expect(bodies).toEqual({ requestObject: { v: 2 }, responseObject: { v: 3 } });
  });

  it("are cut past HISTORY_DEPTH levels", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < HISTORY_DEPTH + 10; i++) deep = { a: deep };
    const bodies: Bodies = {};
    addBodies(bodies, { responseObject: deep });
    expect(JSON.stringify(bodies.responseObject)).toContain(TOO_DEEP);
    expect(JSON.stringify(bodies.responseObject)).not.toContain("leaf");
  });
});
