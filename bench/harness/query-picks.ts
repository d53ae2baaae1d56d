import { filterFromParams, parsePageParams } from "@/lib/query/filter";
import type { Db } from "@/lib/store/sqlite/db";
import { readObjectParams, type ObjectKey } from "@/lib/store/sqlite/history";
import { countRequests, listRequestsFrom } from "@/lib/store/sqlite/requests";

/**
 * Filter values taken from the store itself, so the queries ask about things the generated log contains
 * (a filter matching nothing would measure an empty index probe). Found with plain SQL, untimed.
 */

const WRITE_VERBS = "('create', 'update', 'patch', 'delete')";

/** The busiest human (not system:) user, the dashboard's typical "what did this person do" filter. */
export function pickUser(db: Db): string | null {
  const row = db
    .prepare<[], { value: string }>(
      `SELECT s.value AS value FROM requests r JOIN strings s ON s.id = r.user_id
       WHERE s.value NOT GLOB 'system:*' GROUP BY r.user_id ORDER BY count(*) DESC LIMIT 1`,
    )
    .get();
  return row?.value ?? null;
}

export type Pick = { q: string; matches: number };

function firstMatching(db: Db, candidates: string[]): Pick | null {
  for (const q of candidates) {
    const matches = countRequests(db, filterFromParams({ q }));
    if (matches > 0) return { q, matches };
  }
  return null;
}

/** Writes by people to the resource they write most: several terms, a list, a negated wildcard. */
export function pickQueryLanguageFilter(db: Db): Pick | null {
  const row = db
    .prepare<[], { value: string }>(
      `SELECT s.value AS value FROM requests r JOIN strings s ON s.id = r.resource_id
       WHERE r.verb_id IN (SELECT id FROM strings WHERE value IN ${WRITE_VERBS})
         AND r.user_id NOT IN (SELECT id FROM strings WHERE value GLOB 'system:*')
       GROUP BY r.resource_id ORDER BY count(*) DESC LIMIT 1`,
    )
    .get();
  const verbs = "verb:create,update,patch,delete";
  return firstMatching(db, [
    ...(row ? [`${verbs} resource:${row.value} -user:system:*`] : []),
    `${verbs} -user:system:*`,
    verbs,
  ]);
}

/** Free text as a person types it: a quoted phrase first, then common words of audit logs. */
export function pickFreeText(db: Db): Pick | null {
  return firstMatching(db, ['"forbidden"', "forbidden", '"not found"', "kubectl", "deployment"]);
}

export type ObjectPick = { key: ObjectKey; touches: number };

/**
 * The object people changed most (falling back to any writer): a history with many versions to diff,
 * unlike a node lease that only kubelets touch. Subresource requests count too, as in the history page.
 */
export function pickObject(db: Db): ObjectPick | null {
  const query = (humansOnly: boolean) =>
    db
      .prepare<[], { cluster: string; grp: string | null; resource: string; ns: string | null; name: string; n: number }>(
        `SELECT c.value AS cluster, g.value AS grp, rs.value AS resource, ns.value AS ns, t.name AS name, t.n AS n FROM (
           SELECT r.cluster_id, r.api_group_id, r.resource_id, r.namespace_id, r.name, count(*) AS n FROM requests r
           WHERE r.verb_id IN (SELECT id FROM strings WHERE value IN ${WRITE_VERBS})
             AND r.name IS NOT NULL AND r.resource_id IS NOT NULL
             ${humansOnly ? "AND r.user_id NOT IN (SELECT id FROM strings WHERE value GLOB 'system:*')" : ""}
           GROUP BY 1, 2, 3, 4, 5 ORDER BY n DESC LIMIT 1
         ) t JOIN strings c ON c.id = t.cluster_id JOIN strings rs ON rs.id = t.resource_id
         LEFT JOIN strings g ON g.id = t.api_group_id LEFT JOIN strings ns ON ns.id = t.namespace_id`,
      )
      .get();
  const row = query(true) ?? query(false);
  if (!row) return null;
  const params = new URLSearchParams({ cluster: row.cluster, group: row.grp || "core", resource: row.resource, name: row.name });
  if (row.ns) params.set("ns", row.ns);
  const { key } = readObjectParams(params);
  return key ? { key, touches: row.n } : null;
}

export type DeepPage = { cursor: string | undefined; page: number; walkSeconds: number };

/**
 * The cursor of page `target` (50 rows a page), found the way a user gets there: following "next" from
 * page 1. Stops early on a store with fewer pages; `page` says which page the cursor opens.
 */
export function walkToPage(db: Db, target: number): DeepPage {
  const started = performance.now();
  const filter = filterFromParams({});
  let cursor: string | undefined;
  let page = 1;
  while (page < target) {
    const next = listRequestsFrom(db, filter, parsePageParams(cursor ? { cursor } : {})).next;
    if (!next) break;
    cursor = next;
    page++;
  }
  return { cursor, page, walkSeconds: Math.round(performance.now() - started) / 1000 };
}

/** Request ids to open one at a time, spread over the store; deterministic so runs compare. */
export function requestIds(db: Db, count: number): number[] {
  const { lo, hi } = db.prepare<[], { lo: number | null; hi: number | null }>("SELECT min(id) AS lo, max(id) AS hi FROM requests").get()!;
  if (lo === null || hi === null) return [];
  let state = 0x9e3779b9;
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    // xorshift32: any spread will do, reproducibility is what matters.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    ids.push(lo + ((state >>> 0) % (hi - lo + 1)));
  }
  return ids;
}
