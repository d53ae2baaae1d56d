import type { Level, Stage } from "@/lib/audit/event";
import type { FIELDS } from "./fields";

export type RequestFlag = (typeof FIELDS.flag.values)[number];

/**
 * The facts of one request that a filter can test: what the in-memory evaluator (evaluate.ts) reads, and
 * what a store, a rule on ingest or a live notification hands it. null: the request does not have it.
 * Read-only: the evaluator tokenizes a request's texts once and keeps them with the object.
 */
export type MatchableRequest = Readonly<{
  /** Microseconds since the epoch: requestReceivedTimestamp. */
  tsUs: number;
  cluster: string;
  auditID: string;
  user: string | null;
  /** null when the user has none (an empty list is stored as none). */
  groups: readonly string[] | null;
  impersonatedUser: string | null;
  verb: string;
  /** "" for the core group; null when the request names no object. */
  apiGroup: string | null;
  apiVersion: string | null;
  resource: string | null;
  subresource: string | null;
  namespace: string | null;
  name: string | null;
  requestURI: string;
  code: number | null;
  latencyUs: number | null;
  /** The first of sourceIPs. */
  sourceIP: string | null;
  userAgent: string | null;
  level: Level;
  /** Every stage seen. */
  stages: readonly Stage[];
  decision: "allow" | "forbid" | null;
  flags: readonly RequestFlag[];
  /** authorization.k8s.io/reason. */
  reason: string | null;
  /** responseStatus.message. */
  message: string | null;
  /**
   * Ids of the detection rules with a hit on the request (lib/findings). Empty for a request no store holds
   * yet: rules cannot use `rule:`, so nothing that evaluates before the findings exist needs them.
   */
  rules: readonly string[];
}>;
