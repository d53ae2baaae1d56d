import { matches } from "@/lib/query/evaluate";
import type { Filter } from "@/lib/query/filter";
import type { MatchableRequest } from "@/lib/query/matchable";
import { parseFilter } from "@/lib/query/parse-filter";
import type { FilterNode } from "@/lib/query/tree";
import type { Db } from "@/lib/store/sqlite/db";
import { countRequests, listRequestsFrom, queryContext } from "@/lib/store/sqlite/requests";

/**
 * The in-memory evaluator is the answer every backend must give: for a filter, the ids the SQLite store
 * returns through the dashboard's own path (listRequests, page after page, and the total) are exactly
 * the ids of the stored requests `matches` accepts.
 */

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
  const tree = parseFilter(filter, ctx);
  const expected = stored.filter((s) => matches(tree, s.request)).map((s) => s.id);
  const got = sqlIds(db, filter, sort);
  const auditIds = (ids: number[]) => ids.map((id) => stored.find((s) => s.id === id)!.request.auditID);
  const only = (a: number[], b: number[]) => auditIds(a.filter((id) => !b.includes(id)));
  const count = countRequests(db, filter, ctx);
  const disagreement = { filter, sort, sqlOnly: only(got, expected), evaluatorOnly: only(expected, got) };
  const agree = disagreement.sqlOnly.length === 0 && disagreement.evaluatorOnly.length === 0 && count === expected.length;
  return { disagreement: agree ? null : { ...disagreement, count }, matched: expected.length, tree };
}

