import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/store/sqlite/db";
import { listRequestsFrom } from "@/lib/store/sqlite/requests";
import { suggestFrom } from "@/lib/store/sqlite/suggest";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { writeEvents } from "../helpers/write-events";

const REASONS: Record<string, string> = {
  quoted: 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
  bare: "RBAC: allowed by ClusterRoleBinding cluster-admin of ClusterRole cluster-admin to Group system:masters",
  single: "RBAC: allowed by RoleBinding 'edit-team/prod' of ClusterRole 'edit' to Group 'Platform Team'",
  alone: "RBAC: allowed by ClusterRoleBinding system:public-info-viewer",
  eks: 'EKS Access Policy: allowed by ClusterRoleBinding "arn:aws:iam::1:role/a+policy" of ClusterRole "policy" to User "a"',
  webhook: "access granted by IAM permissions.",
  empty: "",
};

function store(): Db {
  const { db } = tempDb();
  writeEvents(db, Object.entries(REASONS).map(([auditID, reason]) =>
    makeEvent({ auditID, annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": reason } })));
  return db;
}

const ids = (db: Db, q: string) => listRequestsFrom(db, { q }, { limit: 100, cursor: undefined }).items.map((r) => r.auditID).sort();

describe("binding:, role: and subject: read every form of the reason", () => {
  it.each([
    ["binding:cluster-admin", ["bare", "quoted"]],
    ['subject:"system:masters"', ["bare", "quoted"]],
    ['binding:"edit-team/prod"', ["single"]],
    ['subject:"Platform Team"', ["single"]],
    ['binding:"system:public-info-viewer"', ["alone"]],
    ["role:policy", ["eks"]],
    ['binding:""', ["empty", "webhook"]],
    ['role:""', ["alone", "empty", "webhook"]],
  ])("%s", (q, expected) => {
    expect(ids(store(), q)).toEqual(expected);
  });

  it("suggests the binding of each form once", () => {
    const values = suggestFrom(store(), "binding", "", {}).values.map((v) => [v.value, v.count]);
    expect(values).toEqual([["cluster-admin", 2], ["arn:aws:iam::1:role/a+policy", 1], ["edit-team/prod", 1], ["system:public-info-viewer", 1]]);
  });
});
