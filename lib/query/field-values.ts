import type { FieldName } from "./fields";
import type { MatchableRequest } from "./matchable";

/**
 * Query fields holding one text value, read off a request: what the evaluator compares a list of exact
 * values with in one set lookup, and what a detection rule's `by` fields of the same names group on.
 */
export const TEXT_FIELD_VALUES = {
  user: (r) => r.user,
  as: (r) => r.impersonatedUser,
  actor: (r) => r.impersonatedUser ?? r.user,
  verb: (r) => r.verb,
  subresource: (r) => r.subresource,
  ns: (r) => r.namespace,
  name: (r) => r.name,
  version: (r) => r.apiVersion,
  cluster: (r) => r.cluster,
  uri: (r) => r.requestURI,
  auditid: (r) => r.auditID,
  reason: (r) => r.reason,
} satisfies Partial<Record<FieldName, (r: MatchableRequest) => string | null>>;
