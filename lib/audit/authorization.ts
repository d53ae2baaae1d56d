import { parseRbacReason, type RbacReason } from "./rbac-reason";

/** Who was authorized: the request's user, unless it was made as someone else. */
export type AuthorizationContext = {
  decision: "allow" | "forbid" | null;
  user: string | null;
  groups: readonly string[];
  /** The authorizers judged the impersonated identity, whose groups the request does not record. */
  impersonated: boolean;
};

/**
 * How the request page explains a decision: the binding that allowed it, or, when the reason names none,
 * a plain sentence saying so and what did decide, with the API server's text when it gave one.
 */
export type Authorization =
  | { kind: "rbac"; rbac: RbacReason }
  | { kind: "no-binding"; explanation: string; text: string | null };

const NODE_REASON =
  /^(no relationship found between node|unknown node for user|can only |cannot (get|read|authorize) |No Object name found|only the following verbs)/;

const isNode = (c: AuthorizationContext) => !c.impersonated && (c.user?.startsWith("system:node:") === true || c.groups.includes("system:nodes"));

/** Upstream reason strings that say which authorizer wrote them (plugin/pkg/auth/authorizer, apiserver's filters). */
function knownText(text: string, c: AuthorizationContext): string | null {
  if (text === "internal error") return "An authorizer failed with an error, so the API server refused the request without a decision.";
  if (NODE_REASON.test(text) || (isNode(c) && /\bnode\b/.test(text))) return "The Node authorizer's reason: it decides a kubelet's access by the pods bound to its node, with no RBAC binding.";
  if (text === "No policy matched.") return "ABAC's reason: no line of the ABAC policy file matched. No RBAC binding is involved.";
  if (text === "Everything is forbidden.") return "The AlwaysDeny authorizer refuses every request.";
  if (text.startsWith("RBAC: ")) return "RBAC named no binding that allows it; it reported this while looking:";
  return null;
}

export function explainAuthorization(reason: string | null | undefined, c: AuthorizationContext): Authorization {
  const rbac = parseRbacReason(reason);
  if (rbac) return { kind: "rbac", rbac };
  const text = reason?.trim() || null;
  if (text !== null) {
    const known = knownText(text, c);
    if (known) return { kind: "no-binding", explanation: known, text };
    return {
      kind: "no-binding",
      explanation:
        c.decision === "allow"
          ? "Allowed by an authorizer other than RBAC (a webhook, a cloud provider's IAM, ABAC): its reason names no binding."
          : "The authorizers' reason names no binding:",
      text,
    };
  }
  // An empty reason: upstream leaves it empty for system:masters, the Node authorizer's allows,
  // AlwaysAllow and most denials.
  if (c.decision === "allow" && !c.impersonated && c.groups.includes("system:masters")) {
    return {
      kind: "no-binding",
      explanation: "No binding: the user is in the group system:masters, which the API server allows everything without asking RBAC.",
      text: null,
    };
  }
  if (c.decision === "allow" && isNode(c)) {
    return { kind: "no-binding", explanation: "No binding: the Node authorizer allowed this kubelet's request, and it gives no reason.", text: null };
  }
  if (c.decision === "allow") {
    return {
      kind: "no-binding",
      explanation:
        "No binding: the API server recorded an empty reason, as it does for system:masters, the Node authorizer, AlwaysAllow and webhooks that give none.",
      text: null,
    };
  }
  if (c.decision === "forbid") {
    return { kind: "no-binding", explanation: "No authorizer allowed it, and none gave a reason: no RBAC binding grants this.", text: null };
  }
  return { kind: "no-binding", explanation: "No authorization decision was recorded for this request.", text: null };
}
