import { TEXT_FIELD_VALUES } from "@/lib/query/field-values";
import type { MatchableRequest } from "@/lib/query/matchable";
import type { KeyField } from "./rule";

type KeyValue = string | number | null;

/** What each key field reads of a request: the query field of the same name, so `by: [ua]` groups as `ua:` filters. */
const VALUES: Record<KeyField, (r: MatchableRequest) => KeyValue> = {
  ...TEXT_FIELD_VALUES,
  ip: (r) => r.sourceIP,
  // The raw agent: `ua:` also matches its normalized name, but a key compares whole values.
  ua: (r) => r.userAgent,
  resource: (r) => (r.resource !== null && r.subresource !== null ? `${r.resource}/${r.subresource}` : r.resource),
  group: (r) => r.apiGroup,
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
