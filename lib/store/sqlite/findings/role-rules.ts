import "server-only";
import { versionLeft } from "@/lib/audit/object-versions";
import { levelRank } from "@/lib/audit/stages";
import type { BodyCheckContext } from "@/lib/findings/types";
import type { Db } from "../db";
import { BodyReader } from "../history-bodies";
import { objectCondition } from "../history";

type RoleRef = Parameters<BodyCheckContext["roleRules"]>[0];

const RBAC_GROUP = "rbac.authorization.k8s.io";

/** Requests looked at at a time, newest first, while searching for the last logged version. */
const LOOK_BACK = 16;

type Candidate = { id: number; ts: number; verb: string; subresource: string | null; code: number | null };

/** Where a request stands in the store's order: by time, then by id. */
export type Position = { tsUs: number; id: number };

const END: Position = { tsUs: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };

/** A role's rules as logged before a position (default: its newest version), or undefined when none was. */
export type RoleLookup = (ref: RoleRef, before?: Position) => readonly unknown[] | undefined;

/**
 * What the store knows of a (Cluster)Role, for the body checks that judge a binding by the role it grants
 * (lib/findings/body-checks.ts): the `rules` of the role's newest version logged before `before` — a
 * binding is judged by the role as it stood when it was made, so that the verdict does not depend on the
 * order the log was ingested in, and narrowing a role afterwards does not erase the finding. The version
 * is the responseObject of
 * a create, update or patch, else the requestObject of a create or update (versionLeft: a failed request
 * left none) — or undefined when no version of it was ever logged. A version without `rules` is a role
 * that grants nothing ([]). GKE records count too: BodyReader reads them through readStoredEvent.
 *
 * `cluster` limits the search to one cluster's copy of the role (null: any cluster, the newest wins). It
 * reads through `db` when asked, so a writer's connection sees the roles of the batch it is writing.
 */
export function roleRules(db: Db, cluster: string | null = null): RoleLookup {
  return (ref, before = END) => rulesBefore(db, ref, cluster, before);
}

function rulesBefore(db: Db, ref: RoleRef, cluster: string | null, position: Position): readonly unknown[] | undefined {
  const resource = ref.kind === "Role" ? "roles" : "clusterroles";
  const namespace = ref.kind === "Role" ? ref.namespace : null;
  const object = objectCondition({ cluster, group: RBAC_GROUP, resource, namespace, name: ref.name }, cluster === null ? null : [cluster]);
  const page = db.prepare<unknown[], Candidate>(
    `SELECT r.id AS id, r.ts AS ts, v.value AS verb, sr.value AS subresource, r.code AS code FROM requests r
     JOIN strings v ON v.id = r.verb_id LEFT JOIN strings sr ON sr.id = r.subresource_id
     WHERE ${object.sql} AND r.level >= ? AND v.value IN ('create', 'update', 'patch') AND (r.ts, r.id) < (?, ?)
     ORDER BY r.ts DESC, r.id DESC LIMIT ?`,
  );
  const reader = new BodyReader(db);
  let before = { ts: position.tsUs, id: position.id };
  for (;;) {
    const rows = page.all(...object.params, levelRank("Request"), before.ts, before.id, LOOK_BACK);
    for (const row of rows) {
      const version = versionLeft(row, resource, ref.name, reader.read([row.id]).get(row.id) ?? {});
      if (version) return Array.isArray(version.rules) ? version.rules : [];
    }
    const last = rows.at(-1);
    if (rows.length < LOOK_BACK || !last) return undefined;
    before = last;
  }
}
