import type { Filter } from "./filter";
import { parseQuery } from "./parse";
import { scopesTree, type ScopedFilter } from "./scope";
import { resolveTimeRange, type QueryContext } from "./time-range";
import type { FieldName } from "./fields";
import type { FilterNode, Match } from "./tree";

export type { QueryContext } from "./time-range";

const term = (field: FieldName, matches: Match[]): FilterNode => ({ kind: "term", field, matches });
const not = (item: FilterNode): FilterNode => ({ kind: "not", item });
const startsWith = (prefix: string): Match => ({ kind: "pattern", segments: [prefix, ""] });

/**
 * "System noise": what the control plane reads for itself. A request is noise when it is a read (get,
 * list, watch) made as a `system:*` identity by a `system:*` identity — so `kubectl --as=alice` run by
 * system:admin is alice's and never noise, and neither is a person reading as a service account — and
 * nothing an investigator must see: not a denial (decision
 * forbid, code 401 or 403), not exec/attach/port-forward (a websocket exec is a get), not a Secret.
 * system:anonymous and requests without a user are never noise. Hiding it keeps every write.
 */
export const NOISE: FilterNode = not({
  kind: "and",
  items: [
    term("verb", ["get", "list", "watch"].map((value) => ({ kind: "eq", value }))),
    term("actor", [startsWith("system:")]),
    term("user", [startsWith("system:")]),
    not(term("actor", [{ kind: "eq", value: "system:anonymous" }])),
    not(term("decision", [{ kind: "eq", value: "forbid" }])),
    not(term("code", [401, 403].map((value) => ({ kind: "cmp", op: "=", value })))),
    not(term("subresource", ["exec", "attach", "portforward"].map((value) => ({ kind: "eq", value })))),
    not(term("resource", [{ kind: "resource", resource: { kind: "eq", value: "secrets" }, subresource: null }])),
  ],
});

/** URL values are exact: `user=a*` is the user named "a*"; the query language is where patterns are written. */
const exact = (values: string[]): Match[] => values.map((value) => ({ kind: "eq", value }));

/** `pods` is every pods request, subresources included; `pods/log` exactly that subresource (as in `q`). */
function resourceMatch(value: string): Match {
  const slash = value.indexOf("/");
  if (slash < 0) return { kind: "resource", resource: { kind: "eq", value }, subresource: null };
  return {
    kind: "resource",
    resource: { kind: "eq", value: value.slice(0, slash) },
    subresource: { kind: "eq", value: value.slice(slash + 1) },
  };
}

/** The URL keys other than `q`, the range and `noise`, in the order they are ANDed. */
const KEYS = [
  ["cluster", "cluster"],
  ["user", "user"],
  ["verb", "verb"],
  ["namespace", "ns"],
] as const satisfies readonly (readonly [keyof Filter, FieldName])[];

/**
 * A view's whole filter — the principal's scopes, every URL key, the time range, `noise` and `q` — as one
 * tree, which every backend compiles and the evaluator runs. Throws QuerySyntaxError for a bad `q`.
 */
export function parseFilter(filter: ScopedFilter, ctx: QueryContext): FilterNode {
  const items: FilterNode[] = [];
  if (filter.scopes) items.push(scopesTree(filter.scopes));
  for (const [key, field] of KEYS) {
    const values = filter[key];
    if (values) items.push(term(field, exact(values)));
  }
  if (filter.resource) items.push(term("resource", filter.resource.map(resourceMatch)));
  if (filter.code) items.push(term("code", filter.code.map((value) => ({ kind: "cmp", op: "=", value }))));
  const { fromUs, toUs } = resolveTimeRange(filter, ctx);
  if (fromUs !== null || toUs !== null) items.push({ kind: "time", fromUs, toUs });
  if (filter.noise === "hide") items.push(NOISE);
  if (filter.q) items.push(parseQuery(filter.q));
  return { kind: "and", items };
}
