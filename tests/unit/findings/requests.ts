import type { MatchableRequest } from "@/lib/query/matchable";
import type { LoggedBodies, RuleInput } from "@/lib/findings/types";

const base: MatchableRequest = {
  tsUs: 1_765_000_000_000_000,
  cluster: "prod",
  auditID: "00000000-0000-4000-8000-000000000000",
  user: "alice",
  groups: ["system:authenticated"],
  impersonatedUser: null,
  verb: "get",
  apiGroup: "",
  apiVersion: "v1",
  resource: "pods",
  subresource: null,
  namespace: "default",
  name: "web-1",
  requestURI: "/api/v1/namespaces/default/pods/web-1",
  code: 200,
  latencyUs: 1_000,
  sourceIP: "10.0.0.7",
  userAgent: "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
  level: "Metadata",
  stages: ["ResponseComplete"],
  decision: "allow",
  flags: [],
  reason: null,
  message: null,
  rules: [],
};

/** A request as a rule sees it: a plain allowed `get pods` by alice unless overridden. */
export function requestOf(overrides: Partial<MatchableRequest> = {}): MatchableRequest {
  return { ...base, ...overrides };
}

/** A request with an id and, when given, logged bodies. */
export function inputOf(id: number, overrides: Partial<MatchableRequest> = {}, bodies?: LoggedBodies): RuleInput {
  return { id, request: requestOf(overrides), bodies: () => bodies };
}

/** Seconds after a fixed instant, in microseconds. */
export const at = (seconds: number) => base.tsUs + seconds * 1_000_000;
