import { describe, expect, it } from "vitest";
import { FIELD_NAMES } from "@/lib/query/fields";
import type { Filter } from "@/lib/query/filter";
import type { Db } from "@/lib/store/sqlite/db";
import { fieldColumns } from "@/lib/store/sqlite/field-sql";
import { listRequestsFrom } from "@/lib/store/sqlite/requests";
import { planSelection } from "@/lib/store/sqlite/selection";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { writeEvents } from "../helpers/write-events";

function store(): Db {
  const { db } = tempDb();
  writeEvents(db, [
    makeEvent({ auditID: "pods-get", verb: "get", user: { username: "a*" }, objectRef: { resource: "pods", namespace: "prod", name: "web", apiVersion: "v1" } }),
    makeEvent({ auditID: "pods-log", verb: "get", user: { username: "alice" }, objectRef: { resource: "pods", subresource: "log", namespace: "prod", name: "web", apiVersion: "v1" } }),
    makeEvent({ auditID: "node", verb: "update", user: { username: "system:node:n1" }, objectRef: { resource: "nodes", name: "n1", apiVersion: "v1" } }),
    makeEvent({ auditID: "ci", verb: "create", user: { username: "system:serviceaccount:ci:deployer" }, objectRef: { resource: "pods", namespace: "ci", apiVersion: "v1" } }),
    makeEvent({ auditID: "kubelet", verb: "get", user: { username: "system:node:n1" }, objectRef: { resource: "nodes", name: "n1", apiVersion: "v1" } }),
    makeEvent({ auditID: "anonymous", verb: "create", user: { username: "system:anonymous" }, objectRef: { resource: "tokenreviews", apiVersion: "v1" } }),
  ]);
  return db;
}

const ids = (db: Db, filter: Filter) =>
  listRequestsFrom(db, filter, { limit: 100 })
    .items.map((r) => r.auditID)
    .sort();

describe("the SQLite compiler of a filter's tree", () => {
  it("reads URL values as exact values, and resource as the query language does", () => {
    const db = store();
    expect(ids(db, { user: ["a*"] })).toEqual(["pods-get"]);
    expect(ids(db, { resource: ["pods"] })).toEqual(ids(db, { q: "resource:pods" }));
    expect(ids(db, { resource: ["pods"] })).toEqual(["ci", "pods-get", "pods-log"]);
    expect(ids(db, { resource: ["pods/log"] })).toEqual(["pods-log"]);
  });

  it("hides system noise: reads made as system identities, never writes, people's reads or anonymous", () => {
    expect(ids(store(), { noise: "hide" })).toEqual(["anonymous", "ci", "node", "pods-get", "pods-log"]);
  });

  it("answers from the rollups only what reads combination columns alone", () => {
    expect(planSelection({ noise: "hide", range: "1h", resource: ["pods/log"], scopes: [{ cluster: "c" }] }, { newestUs: 1 }).coarse).not.toBeNull();
    expect(planSelection({ q: "name:web" }, { newestUs: 1 }).coarse).toBeNull();
    expect(planSelection({ q: "web" }, { newestUs: 1 }).coarse).toBeNull();
  });

  it("knows the columns every field reads", () => {
    for (const f of FIELD_NAMES) expect(fieldColumns(f).length).toBeGreaterThan(0);
  });
});
