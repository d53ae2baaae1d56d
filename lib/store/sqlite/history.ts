import "server-only";
import { z } from "zod";
import { deletesObject, logsBodies, objectVersions, versionLeft, type Bodies, type KnownVersion } from "@/lib/audit/object-versions";
import { levelRank } from "@/lib/audit/stages";
import { decodeCursor, encodeCursor } from "@/lib/query/cursor";
import { readParams, wholeNumber, type ParamIssue } from "@/lib/query/params";
import type { Scopes } from "@/lib/query/scope";
import type { HistoryOptions, ObjectHistory, ObjectKey } from "@/lib/store/rows";
import type { HistoryEntry } from "@/lib/store/types";
import type { Db } from "./db";
import { BodyReader } from "./history-bodies";
import { ROW_COLUMNS, ROW_JOINS, toRow, type DbRow } from "./requests";
import type { SqlFragment } from "./tree-to-sql";

export type { HistoryEntry, HistoryOptions, ObjectHistory, ObjectKey };

const param = z.string().trim().min(1, "empty").max(500, "longer than 500 characters");

/**
 * One object: what `/objects?cluster=&group=&resource=&ns=&name=` names. `group` absent or "core" is the
 * core group; `ns` absent is a cluster-scoped object; `cluster` absent matches every cluster. Keyed by
 * the URL's names.
 */
const objectKeyShape = {
  cluster: param.optional(),
  group: param.optional(),
  resource: z.string({ error: "required" }).pipe(param),
  ns: param.optional(),
  name: z.string({ error: "required" }).pipe(param),
};

/** Requests of a history shown at a time: a page of diffs opens at once, older ones a click away. */
export const HISTORY_PAGE = 20;
export const MAX_HISTORY_PAGE = 500;

/** The search params of the history page and its JSON twin. */
const historyOptionsShape = {
  order: z.enum(["desc", "asc"], { error: "desc or asc" }).default("desc"),
  fields: z.enum(["changed", "all"], { error: "changed or all" }).default("changed"),
  limit: wholeNumber(1, MAX_HISTORY_PAGE, HISTORY_PAGE),
  cursor: z
    .string()
    .max(200, "not a cursor this server handed out")
    .refine((c) => decodeCursor(c) !== null, "not a cursor this server handed out: drop it to start at the first page")
    .optional(),
};

/**
 * The object and options of a history URL; `key` is null when resource or name is missing or invalid.
 * Every invalid parameter is an issue naming it: a dropped `cluster` would mix in another cluster's object.
 */
export function readObjectParams(params: URLSearchParams): { key: ObjectKey | null; options: HistoryOptions; issues: ParamIssue[] } {
  const k = readParams(objectKeyShape, params);
  const o = readParams(historyOptionsShape, params);
  const v = k.values;
  const key =
    v.resource !== undefined && v.name !== undefined && !k.issues.some((i) => i.parameter === "resource" || i.parameter === "name")
      ? { cluster: v.cluster ?? null, group: v.group === undefined || v.group === "core" ? "" : v.group, resource: v.resource, namespace: v.ns ?? null, name: v.name }
      : null;
  return { key, options: o.values, issues: [...k.issues, ...o.issues] };
}

/**
 * The clusters whose copy of the object the reader may see, null for any: scopesTree's rule (scope.ts)
 * for one namespace. A cluster-scoped object is for unscoped principals only.
 */
function visibleClusters(key: ObjectKey, scopes: Scopes): string[] | null {
  const named = key.cluster === null ? null : [key.cluster];
  if (scopes === null) return named;
  const namespace = key.namespace;
  if (namespace === null) return [];
  const allowed = scopes.filter((s) => !s.namespaces || s.namespaces.includes(namespace)).map((s) => s.cluster);
  return named === null ? allowed : named.filter((c) => allowed.includes(c));
}

/**
 * The requests that touched the object, subresources included, as a range of requests_by_object
 * (migration 0026): the condition on the name's last 8 characters and `name = ?` are what let SQLite
 * use it, the exact name and the group are checked on the rows it finds.
 */
export function objectCondition(key: ObjectKey, clusters: string[] | null): SqlFragment {
  const id = "(SELECT id FROM strings WHERE value = ?)";
  return {
    sql: `r.resource_id = ${id}
      AND ${key.namespace === null ? "r.namespace_id IS NULL" : `r.namespace_id = ${id}`}
      AND substr(r.name, -8) = substr(?, -8) AND r.name = ?
      AND r.api_group_id = ${id}
      ${clusters === null ? "" : "AND r.cluster_id IN (SELECT id FROM strings WHERE value IN (SELECT value FROM json_each(?)))"}`,
    params: [
      key.resource,
      ...(key.namespace === null ? [] : [key.namespace]),
      key.name,
      key.name,
      key.group,
      ...(clusters === null ? [] : [JSON.stringify(clusters)]),
    ],
  };
}

type Direction = "desc" | "asc";

/** Up to `limit` of the object's requests after the keyset position `from` in `direction`, in that order. */
function rowsFrom(db: Db, object: SqlFragment, direction: Direction, from: { ts: number; id: number } | null, limit: number): DbRow[] {
  const keyset: SqlFragment = from ? { sql: ` AND (r.ts, r.id) ${direction === "desc" ? "<" : ">"} (?, ?)`, params: [from.ts, from.id] } : { sql: "", params: [] };
  const order = direction === "desc" ? "r.ts DESC, r.id DESC" : "r.ts, r.id";
  return db
    .prepare<unknown[], DbRow>(
      `SELECT ${ROW_COLUMNS} FROM requests r ${ROW_JOINS}
       WHERE r.id IN (SELECT r.id FROM requests r WHERE ${object.sql}${keyset.sql} ORDER BY ${order} LIMIT ?) ORDER BY ${order}`,
    )
    .all(...object.params, ...keyset.params, limit);
}

/** Rows looked at at a time while searching back for the version before a page. */
const LOOK_BACK = 16;

/**
 * The last version of the object left before the request `first`: what the page's first change and
 * delete are relative to. Walks back through earlier requests that logged bodies (the level says which,
 * so a lease renewed at Metadata level for months costs index steps, not reads), newest first, reading
 * their bodies one by one until one holds a version (usually the first it reads).
 */
function versionBefore(db: Db, key: ObjectKey, object: SqlFragment, first: DbRow, reader: BodyReader): KnownVersion | null {
  const withBodies = { sql: `${object.sql} AND r.level >= ?`, params: [...object.params, levelRank("Request")] };
  let from: { ts: number; id: number } = first;
  for (;;) {
    const rows = rowsFrom(db, withBodies, "desc", from, LOOK_BACK);
    for (const row of rows) {
      const version = versionLeft(toRow(row), key.resource, key.name, reader.read([row.id]).get(row.id) ?? {});
      if (version) return { id: row.id, object: version };
    }
    const last = rows.at(-1);
    if (rows.length < LOOK_BACK || !last) return null;
    from = last;
  }
}

/** Requests counted at most: the count reads each row (the index holds only the name's tail), and a lease renewed every 10 s has millions. */
export const MAX_COUNTED = 1000;

function countRequests(db: Db, object: SqlFragment): number {
  return db
    .prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM requests r WHERE ${object.sql} LIMIT ?)`)
    .get(...object.params, MAX_COUNTED + 1)!.n;
}

export type HistoryPage = { limit?: number; all?: boolean; scopes?: Scopes; order?: Direction; cursor?: string };

/**
 * One page of the requests that touched the object, oldest first, with the object after each request
 * where a body was logged and the change from the version before, which may be on an earlier page.
 * `order` says which end the pages start from (desc: the newest requests first) and `cursor` where this
 * page starts; only the page's requests, and the earlier ones back to the last version, are decoded.
 * `all` keeps managedFields/resourceVersion-style noise in the diffs.
 */
export function objectHistoryFrom(db: Db, key: ObjectKey, opts: HistoryPage = {}): ObjectHistory {
  const limit = opts.limit ?? HISTORY_PAGE;
  const order = opts.order ?? "desc";
  const clusters = visibleClusters(key, opts.scopes ?? null);
  const object = objectCondition(key, clusters);
  const fetched = clusters?.length === 0 ? [] : rowsFrom(db, object, order, decodeCursor(opts.cursor), limit + 1);
  const shown = fetched.slice(0, limit);
  const last = shown.at(-1);
  const next = fetched.length > limit && last ? encodeCursor({ ts: last.ts, id: last.id }) : null;
  const rows = order === "desc" ? shown.reverse() : shown;
  const reader = new BodyReader(db);
  const bodies = reader.read(rows.filter((r) => logsBodies(r.level)).map((r) => r.id));
  const bodiesOf = (r: { id: number }): Bodies => bodies.get(r.id) ?? {};
  const requests = rows.map((row) => toRow(row));
  // Only a version or a delete on the page is compared with what came before it.
  const first = rows[0];
  const compared = requests.some((r) => deletesObject(r) || versionLeft(r, key.resource, key.name, bodiesOf(r)) !== null);
  const before = first && compared ? versionBefore(db, key, object, first, reader) : null;
  const { entries, versions } = objectVersions(key.resource, key.name, requests, bodiesOf, opts.all, before);
  const counted = clusters?.length === 0 ? 0 : countRequests(db, object);
  const total = Math.min(counted, MAX_COUNTED);
  return { key, entries, total, totalAtLeast: counted > MAX_COUNTED, truncated: counted > entries.length, next, versions };
}
