import type { MatchableRequest } from "@/lib/query/matchable";
import type { KeyField } from "./rule";

type KeyValue = string | number | null;

/** What each key field reads of a request: the query field of the same name, so `by: [ua]` groups as `ua:` filters. */
const VALUES: Record<KeyField, (r: MatchableRequest) => KeyValue> = {
  user: (r) => r.user,
  actor: (r) => r.impersonatedUser ?? r.user,
  as: (r) => r.impersonatedUser,
  ip: (r) => r.sourceIP,
  ua: (r) => r.userAgent,
  ns: (r) => r.namespace,
  name: (r) => r.name,
  resource: (r) => (r.resource !== null && r.subresource !== null ? `${r.resource}/${r.subresource}` : r.resource),
  subresource: (r) => r.subresource,
  verb: (r) => r.verb,
  group: (r) => r.apiGroup,
  cluster: (r) => r.cluster,
  code: (r) => r.code,
  decision: (r) => r.decision,
};

/** One key field's value on a request; null where the request has none. */
export function keyValue(field: KeyField, request: MatchableRequest): KeyValue {
  return VALUES[field](request);
}

/**
 * The values of some key fields as one comparable text: JSON of the values in the fields' order, nulls
 * kept, so requests without a user share the key `[null]` rather than matching every user.
 */
export function keyOf(fields: readonly string[], request: MatchableRequest): string {
  return JSON.stringify(fields.map((f) => keyValue(f as KeyField, request)));
}
