import { describe, expect, it } from "vitest";
import { explainAuthorization, type AuthorizationContext } from "@/lib/audit/authorization";

const allowed: AuthorizationContext = { decision: "allow", user: "alice", groups: ["system:authenticated"], impersonated: false };
const explain = (reason: string | null, c: Partial<AuthorizationContext> = {}) => explainAuthorization(reason, { ...allowed, ...c });

describe("explainAuthorization", () => {
  it("a binding in any form", () => {
    expect(explain('RBAC: allowed by ClusterRoleBinding "a" of ClusterRole "b" to User "c"').kind).toBe("rbac");
    expect(explain("RBAC: allowed by ClusterRoleBinding a of ClusterRole b to User c").kind).toBe("rbac");
  });

  it("says plainly when an empty reason means system:masters, the Node authorizer, or is unknown", () => {
    expect(explain("", { groups: ["system:masters", "system:authenticated"] })).toEqual({
      kind: "no-binding",
      explanation: expect.stringMatching(/^No binding: the user is in the group system:masters/),
      text: null,
    });
    expect(explain(null, { user: "system:node:n1", groups: ["system:nodes"] })).toMatchObject({ explanation: expect.stringMatching(/Node authorizer/) });
    expect(explain("  ")).toMatchObject({ kind: "no-binding", explanation: expect.stringMatching(/^No binding: the API server recorded an empty reason/) });
    // Made as someone else: the authenticated user's groups are not the ones the authorizers saw.
    expect(explain("", { groups: ["system:masters"], impersonated: true })).toMatchObject({ explanation: expect.stringMatching(/empty reason/) });
    expect(explain("", { decision: "forbid" })).toMatchObject({ explanation: expect.stringMatching(/No authorizer allowed it/) });
    expect(explain(null, { decision: null })).toMatchObject({ explanation: "No authorization decision was recorded for this request." });
  });

  it("names the authorizer behind upstream texts, and keeps the text", () => {
    const node = "no relationship found between node 'n1' and this object";
    expect(explain(node, { decision: "forbid", user: "system:node:n1" })).toEqual({ kind: "no-binding", explanation: expect.stringMatching(/Node authorizer/), text: node });
    expect(explain("can only get individual resources of this type", { decision: "forbid" })).toMatchObject({ explanation: expect.stringMatching(/Node authorizer/) });
    expect(explain("internal error", { decision: "forbid" })).toMatchObject({ explanation: expect.stringMatching(/failed with an error/) });
    expect(explain("No policy matched.", { decision: "forbid" })).toMatchObject({ explanation: expect.stringMatching(/^ABAC/) });
    expect(explain('RBAC: [clusterrole.rbac.authorization.k8s.io "edit" not found]', { decision: "forbid" })).toMatchObject({
      explanation: expect.stringMatching(/RBAC named no binding/),
    });
    expect(explain("access granted by IAM permissions.")).toEqual({
      kind: "no-binding",
      explanation: expect.stringMatching(/other than RBAC/),
      text: "access granted by IAM permissions.",
    });
  });
});
