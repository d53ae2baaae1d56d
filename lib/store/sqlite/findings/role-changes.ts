import "server-only";
import { levelRank } from "@/lib/audit/stages";
import type { Db } from "../db";

/** A write that may have left a version of a (Cluster)Role: where bindings judged by it start. */
export type RoleChange = { clusterId: number; ts: number; namespaceId: number | null; clusterRole: boolean };

const WRITES = "('create', 'update', 'patch')";

type ChangeRow = { cluster_id: number; ts: number; namespace_id: number | null; resource: string };
type ChangeStatement = { all(idsJson: string, level: number): ChangeRow[] };

/** Prepared once per connection: a deletion asks for every request it takes out, one at a time. */
const changeStatements = new WeakMap<Db, ChangeStatement>();

function changeStatement(db: Db): ChangeStatement {
  let statement = changeStatements.get(db);
  if (!statement) {
    statement = db.prepare<[string, number], ChangeRow>(
      `SELECT r.cluster_id, r.ts, r.namespace_id, res.value AS resource FROM requests r
       JOIN strings res ON res.id = r.resource_id JOIN strings v ON v.id = r.verb_id
       WHERE r.id IN (SELECT value FROM json_each(?)) AND res.value IN ('roles', 'clusterroles') AND v.value IN ${WRITES}
         AND r.subresource_id IS NULL AND r.level >= ?`,
    );
    changeStatements.set(db, statement);
  }
  return statement;
}

/**
 * The role versions among `ids` (creates, updates and patches of roles and clusterroles that logged a
 * body). Read before a deletion takes the requests out, after a batch wrote them.
 */
export function roleChangesOf(db: Db, ids: readonly number[]): RoleChange[] {
  if (ids.length === 0) return [];
  return changeStatement(db)
    .all(JSON.stringify(ids), levelRank("Request"))
    .map((r) => ({ clusterId: r.cluster_id, ts: r.ts, namespaceId: r.namespace_id, clusterRole: r.resource === "clusterroles" }));
}

/**
 * The bindings a role change can change the verdict of: powerful-role-ref judges a binding by the role as
 * logged before it (role-rules.ts), so a role version that arrives late (an upload's second half, an
 * older file) or goes (a deletion) matters to every binding of its cluster stored at or after it. A
 * Role is bound only by RoleBindings of its namespace; a ClusterRole by any binding.
 */
export function bindingsAfter(db: Db, changes: readonly RoleChange[]): number[] {
  // Per (cluster, scope) only the earliest change matters: the bindings after it include all the others'.
  const earliest = new Map<string, RoleChange>();
  for (const c of changes) {
    const scope = `${c.clusterId} ${c.clusterRole ? "*" : c.namespaceId}`;
    const known = earliest.get(scope);
    if (!known || c.ts < known.ts) earliest.set(scope, c);
  }
  if (earliest.size === 0) return [];
  const bindings = db.prepare<[number, number, number, number | null, number], { id: number }>(
    `SELECT r.id FROM requests r JOIN strings res ON res.id = r.resource_id JOIN strings v ON v.id = r.verb_id
     WHERE r.resource_id IN (SELECT id FROM strings WHERE value IN ('rolebindings', 'clusterrolebindings')) AND r.ts >= ?
       AND r.cluster_id = ? AND (? = 1 OR (res.value = 'rolebindings' AND r.namespace_id IS ?))
       AND v.value IN ${WRITES} AND r.level >= ?`,
  );
  const ids = new Set<number>();
  for (const c of earliest.values()) {
    for (const row of bindings.all(c.ts, c.clusterId, c.clusterRole ? 1 : 0, c.namespaceId, levelRank("Request"))) ids.add(row.id);
  }
  return [...ids];
}

/** `ids` and the bindings their role changes can change the verdict of: what a batch's findings update covers. */
export function withBindingsToRecheck(db: Db, ids: readonly number[], removed: readonly RoleChange[] = []): number[] {
  const bindings = bindingsAfter(db, [...removed, ...roleChangesOf(db, ids)]);
  if (bindings.length === 0) return [...ids];
  return [...new Set([...ids, ...bindings])];
}
