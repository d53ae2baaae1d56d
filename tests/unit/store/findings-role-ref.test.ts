import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { loadRuleSet } from "@/lib/findings/rule-set";
import type { RuleSet } from "@/lib/findings/types";
import type { Db } from "@/lib/store/sqlite/db";
import { deleteBefore, deleteRun } from "@/lib/store/sqlite/deletion";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { hitsOf, ingestText, referenceHitsOf } from "./findings-helpers";

const RBAC = "rbac.authorization.k8s.io";
const RULE = "k8s.powerful-role-binding";
const BASE_US = Date.UTC(2024, 4, 10, 12, 0, 0) * 1000;
const at = (minute: number) => `2024-05-10T12:${String(minute).padStart(2, "0")}:00.000000Z`;

let set: RuleSet;
beforeEach(() => {
  const others = loadRuleSet({}).rules.filter((r) => r.id !== RULE).map((r) => r.id);
  vi.stubEnv("AUDITLENS_RULES_DISABLE", others.join(","));
  set = loadRuleSet();
  expect(set.rules.map((r) => r.id)).toEqual([RULE]);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A write of a ClusterRole or ClusterRoleBinding at 12:<minute>, logging the object it left. */
function write(auditID: string, minute: number, resource: "clusterroles" | "clusterrolebindings", name: string, object: object): AuditEvent {
  return makeEvent({
    auditID,
    level: "RequestResponse",
    verb: "create",
    user: { username: "mallory", groups: ["system:authenticated"] },
    requestURI: `/apis/${RBAC}/v1/${resource}`,
    requestReceivedTimestamp: at(minute),
    stageTimestamp: at(minute).replace(".000000Z", ".020000Z"),
    objectRef: { resource, apiGroup: RBAC, apiVersion: "v1", name },
    responseStatus: { metadata: {}, code: 201 } as AuditEvent["responseStatus"],
    requestObject: object,
    responseObject: object,
  });
}

const clusterRole = (auditID: string, minute: number, name: string, rules: object[]) =>
  write(auditID, minute, "clusterroles", name, { kind: "ClusterRole", apiVersion: `${RBAC}/v1`, metadata: { name }, rules });
const binding = (auditID: string, minute: number, name: string, role: string) =>
  write(auditID, minute, "clusterrolebindings", name, {
    kind: "ClusterRoleBinding",
    apiVersion: `${RBAC}/v1`,
    metadata: { name },
    roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: role },
    subjects: [{ kind: "User", name: "mallory" }],
  });

const WILD = [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }];
const NARROW = [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }];

/**
 * The role `wild` widened at 12:01, bound at 12:02, narrowed at 12:03 (the binding is a finding: it
 * granted everything when made); the role `late` bound at 12:05 and widened only at 12:06 (no finding).
 */
const WIDENED = clusterRole("a0000000-0000-4000-8000-000000000001", 1, "wild", WILD);
const BOUND = binding("a0000000-0000-4000-8000-000000000002", 2, "wild-binding", "wild");
const NARROWED = clusterRole("a0000000-0000-4000-8000-000000000003", 3, "wild", NARROW);
const LATE_BOUND = binding("a0000000-0000-4000-8000-000000000004", 5, "late-binding", "late");
const LATE_WIDENED = clusterRole("a0000000-0000-4000-8000-000000000005", 6, "late", WILD);
const ALL = [WIDENED, BOUND, NARROWED, LATE_BOUND, LATE_WIDENED];
const EXPECTED = [`${RULE} ${BOUND.auditID} null`];

async function ingest(db: Db, events: AuditEvent[]) {
  return ingestText(db, jsonLines(events));
}

describe("a binding is judged by its role as logged before it", () => {
  it("the whole log finds the binding made while the role was wild, not the one bound before its role widened", async () => {
    const { db } = tempDb();
    await ingest(db, ALL);
    expect(hitsOf(db)).toEqual(EXPECTED);
    expect(referenceHitsOf(db, set)).toEqual(EXPECTED);
  });

  it.each([
    ["role, then binding and narrowing", [WIDENED], [BOUND, NARROWED, LATE_BOUND, LATE_WIDENED]],
    ["binding and narrowing, then the role", [BOUND, NARROWED, LATE_BOUND, LATE_WIDENED], [WIDENED]],
    ["narrowing, then role and binding", [NARROWED, LATE_WIDENED], [WIDENED, BOUND, LATE_BOUND]],
    ["bindings, then every role version", [BOUND, LATE_BOUND], [WIDENED, NARROWED, LATE_WIDENED]],
  ])("two halves in any order find the same: %s", async (_, first, second) => {
    const { db } = tempDb();
    await ingest(db, first);
    await ingest(db, second);
    expect(hitsOf(db)).toEqual(EXPECTED);
  });

  it("a recompute after the role was narrowed keeps the finding", async () => {
    const { db } = tempDb();
    await ingest(db, [WIDENED, BOUND, LATE_BOUND, LATE_WIDENED]);
    await ingest(db, [NARROWED]);
    expect(hitsOf(db)).toEqual(EXPECTED);
    await sqliteStore(db).maintenance.recomputeFindings(set);
    expect(hitsOf(db)).toEqual(EXPECTED);
  });

  it("deleting the role version a binding was judged by judges the binding again", async () => {
    const { db } = tempDb();
    await ingest(db, [WIDENED]);
    await ingest(db, [BOUND, NARROWED]);
    expect(hitsOf(db)).toEqual(EXPECTED);
    await deleteBefore(db, BASE_US + 90_000_000);
    expect(hitsOf(db)).toEqual([]);
    expect(referenceHitsOf(db, set)).toEqual([]);
    // And a run that brought only a narrowing takes nothing the binding depended on.
    const { db: other } = tempDb();
    await ingest(other, [WIDENED, BOUND]);
    const narrowing = await ingest(other, [NARROWED]);
    await deleteRun(other, narrowing.runId);
    expect(hitsOf(other)).toEqual(EXPECTED);
  });
});
