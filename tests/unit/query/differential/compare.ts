import { matches } from "@/lib/query/evaluate";
import type { Filter } from "@/lib/query/filter";
import type { MatchableRequest } from "@/lib/query/matchable";
import { parseQuery } from "@/lib/query/parse";
import { resolveTimeRange, type QueryContext } from "@/lib/query/to-sql";
import type { FilterNode, Match, TextMatch } from "@/lib/query/tree";
import type { Db } from "@/lib/store/sqlite/db";
import { countRequests, listRequestsFrom, queryContext } from "@/lib/store/sqlite/requests";

/**
 * The in-memory evaluator is the answer every backend must give: for a filter, the ids the SQLite store
 * returns through the dashboard's own path (listRequests, page after page, and the total) are exactly
 * the ids of the stored requests `matches` accepts.
 */

const eq = (value: string): TextMatch => ({ kind: "eq", value });
const term = (field: Extract<FilterNode, { kind: "term" }>["field"], matches: Match[]): FilterNode => ({ kind: "term", field, matches });
const not = (item: FilterNode): FilterNode => ({ kind: "not", item });
const and = (...items: FilterNode[]): FilterNode => ({ kind: "and", items });

/** System noise (lib/query/to-sql.ts NOISE) as a tree: control-plane users and read-only verbs. */
const NOISE = and(
  not(and(
    term("user", [{ kind: "pattern", segments: ["system:", ""] }]),
    not(term("user", [eq("system:anonymous")])),
    not(and(term("user", [{ kind: "pattern", segments: ["system:serviceaccount:", ""] }]), not(term("user", [{ kind: "pattern", segments: ["system:serviceaccount:kube-system:", ""] }])))),
  )),
  not(term("verb", ["get", "list", "watch"].map(eq))),
);

/**
 * A view's filter as one tree. Stands in for lib/query's parseFilter(filter, ctx) until it lands; then
 * this whole function becomes `parseFilter(filter, ctx)`.
 */
function treeOf(filter: Filter, ctx: QueryContext): FilterNode {
  const items: FilterNode[] = [];
  if (filter.cluster) items.push(term("cluster", filter.cluster.map(eq)));
  if (filter.user) items.push(term("user", filter.user.map(eq)));
  if (filter.verb) items.push(term("verb", filter.verb.map(eq)));
  if (filter.namespace) items.push(term("ns", filter.namespace.map(eq)));
  if (filter.resource) {
    items.push(term("resource", filter.resource.map((v): Match => {
      const slash = v.indexOf("/");
      return slash < 0
        ? { kind: "resource", resource: eq(v), subresource: null }
        : { kind: "resource", resource: eq(v.slice(0, slash)), subresource: eq(v.slice(slash + 1)) };
    })));
  }
  if (filter.code) items.push(term("code", filter.code.map((value) => ({ kind: "cmp", op: "=", value }))));
  const { fromUs, toUs } = resolveTimeRange(filter, ctx);
  if (fromUs !== null || toUs !== null) items.push({ kind: "time", fromUs, toUs });
  if (filter.noise === "hide") items.push(NOISE);
  if (filter.q) items.push(parseQuery(filter.q));
  return and(...items);
}

export type Stored = { id: number; request: MatchableRequest };

/** Every id the store returns for a filter, page after page (newest first, or slowest first). */
function sqlIds(db: Db, filter: Filter, sort: "time" | "latency"): number[] {
  const ids: number[] = [];
  let cursor: string | undefined;
  do {
    const page = listRequestsFrom(db, filter, { limit: 1000, cursor }, sort);
    ids.push(...page.items.map((r) => r.id));
    cursor = page.next ?? undefined;
  } while (cursor);
  return ids.sort((a, b) => a - b);
}

export type Disagreement = { filter: Filter; sort: string; sqlOnly: string[]; evaluatorOnly: string[]; count?: number };

export function compare(db: Db, stored: Stored[], filter: Filter, sort: "time" | "latency"): { disagreement: Disagreement | null; matched: number; tree: FilterNode } {
  const ctx = queryContext(db);
  const tree = treeOf(filter, ctx);
  const expected = stored.filter((s) => matches(tree, s.request)).map((s) => s.id);
  const got = sqlIds(db, filter, sort);
  const auditIds = (ids: number[]) => ids.map((id) => stored.find((s) => s.id === id)!.request.auditID);
  const only = (a: number[], b: number[]) => auditIds(a.filter((id) => !b.includes(id)));
  const count = countRequests(db, filter, ctx);
  const disagreement = { filter, sort, sqlOnly: only(got, expected), evaluatorOnly: only(expected, got) };
  const agree = disagreement.sqlOnly.length === 0 && disagreement.evaluatorOnly.length === 0 && count === expected.length;
  return { disagreement: agree ? null : { ...disagreement, count }, matched: expected.length, tree };
}

