import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { matchableRequests } from "@/lib/store/sqlite/matchable";
import { makeEvent } from "../../helpers/events";
import { tempDb } from "../../helpers/temp-db";
import { writeEvents } from "../../helpers/write-events";
import { compare } from "./compare";

/**
 * Where the SQLite backend once departed from the query language as the README documents it, found by the
 * evaluator: each case is the smallest store and query that showed it.
 */
function disagrees(events: AuditEvent[], q: string) {
  const { db } = tempDb();
  writeEvents(db, events);
  return compare(db, [...matchableRequests(db)], { q }, "time").disagreement;
}

describe("where the SQL departed from the documented semantics, it now agrees", () => {
  // `binding:""` is "names no RBAC binding"; the SQL tested `r.reason_id IS NULL`, so a request allowed by a
  // webhook, the Node authorizer or ABAC (a reason, but not an RBAC one) was left out.
  it.each(["binding", "role", "subject"])('%s:"" holds for a request whose reason is not RBAC\'s', (field) => {
    const webhook = makeEvent({ annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "webhook: allowed" } });
    expect(disagrees([webhook], `${field}:""`)).toBeNull();
  });

  // uaPrefix in the SQL required the raw agent to start with the value's first word, but ua_norm trims the
  // agent first: an agent written with leading spaces was never found by its normalized form or tool.
  it.each(['ua:"kubectl 1.30.3"', "ua:kubectl", 'ua:"kubectl 1.30*"'])("%s finds an agent with leading spaces", (q) => {
    expect(disagrees([makeEvent({ userAgent: "  kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69" })], q)).toBeNull();
  });

  // cidr_match read "010.0.0.1" as 10.0.0.1, which the API server's Go parser refuses; the GLOB before it
  // ("10.*" for a /8) refused it too, except for prefixes under 8 bits: so it was in 0.0.0.0/0 but not in
  // 10.0.0.0/8. Both sides now treat it as no address, in no network.
  it("ip:0.0.0.0/0 leaves out a source IP with leading zeros", () => {
    expect(disagrees([makeEvent({ sourceIPs: ["010.0.0.1"] })], "ip:0.0.0.0/0")).toBeNull();
  });

  it("ip:10.0.0.0/8 leaves it out on both sides", () => {
    expect(disagrees([makeEvent({ sourceIPs: ["010.0.0.1"] })], "ip:10.0.0.0/8")).toBeNull();
  });
});
