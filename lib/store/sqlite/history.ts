import "server-only";
import { addBodies, logsBodies, objectVersions, type Bodies } from "@/lib/audit/object-versions";
import { z } from "zod";
import type { Db } from "./db";
import { parseRawEvent } from "@/lib/audit/raw-event";
import { readParams, type ParamIssue } from "@/lib/query/params";
import { inScope, type Scopes } from "@/lib/query/scope";
import { ftsQuery, type SqlFragment } from "./tree-to-sql";
import { BlockCache, eventsOfRequests } from "./request-events";
import { ROW_COLUMNS, ROW_JOINS, toRow, type DbRow } from "./requests";

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
export type ObjectKey = { cluster: string | null; group: string; resource: string; namespace: string | null; name: string };

/** The search params of the history page and its JSON twin. */
const historyOptionsShape = {
  order: z.enum(["desc", "asc"], { error: "desc or asc" }).default("desc"),
  fields: z.enum(["changed", "all"], { error: "changed or all" }).default("changed"),
};
export type HistoryOptions = { order: "desc" | "asc"; fields: "changed" | "all" };

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

import type { HistoryEntry } from "@/lib/store/types";

export type { HistoryEntry };

export type ObjectHistory = {
  key: ObjectKey;
  entries: HistoryEntry[];
  /** More requests touched the object than the page shows (the oldest are left out). */
  truncated: boolean;
  /** How many requests logged a full version of the object. */
  versions: number;
};

/** Requests whose bodies are read at a time. */
const BODY_BATCH = 16;

/** Bodies of many requests at once (addBodies): one query for their events, each compressed block inflated once. */
export function readBodies(db: Db, requestIds: number[]): Map<number, Bodies> {
  const out = new Map<number, Bodies>();
  const cache = new BlockCache();
  // Small batches bound the blocks inflated and held at once (1 MiB each; an object's versions spread
  // over time sit in a block each) while neighbouring versions still share the cache's blocks.
  for (let i = 0; i < requestIds.length; i += BODY_BATCH) {
    for (const [requestId, events] of eventsOfRequests(db, requestIds.slice(i, i + BODY_BATCH), cache)) {
      for (const e of events) {
        const event = parseRawEvent(e.raw);
        if (!event) continue;
        const bodies = out.get(requestId) ?? {};
        addBodies(bodies, event);
        out.set(requestId, bodies);
      }
    }
  }
  return out;
}

/** Requests that touched one object, oldest first; subresources included. */
function historyRows(db: Db, key: ObjectKey, limit: number): DbRow[] {
  const conditions = (alias: string) => ({
    sql: `${alias}.resource_id = (SELECT id FROM strings WHERE value = ?)
      AND ${key.cluster === null ? "1" : `${alias}.cluster_id = (SELECT id FROM strings WHERE value = ?)`}
      AND ${alias}.api_group_id = (SELECT id FROM strings WHERE value = ?)
      AND ${key.namespace === null ? `${alias}.namespace_id IS NULL` : `${alias}.namespace_id = (SELECT id FROM strings WHERE value = ?)`}`,
    params: [key.resource, ...(key.cluster === null ? [] : [key.cluster]), key.group, ...(key.namespace === null ? [] : [key.namespace])],
  });
  const own = conditions("r");
  // No index on names: the free-text index has every name's words, in the name column or, when the name
  // is a segment of the URI, in the URI's (free-text.ts). The name's phrase in either finds the few
  // requests that can be the object; the exact name and the rest are checked on those. A name without
  // words (none valid in Kubernetes) is looked for among its resource's combinations.
  const combos = conditions("c");
  const candidates: SqlFragment = /[\p{L}\p{N}]/u.test(key.name)
    ? { sql: "r.id IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?)", params: [`{uri name} : ${ftsQuery(key.name, true)}`] }
    : { sql: `r.combo_id IN (SELECT c.id FROM request_combos c WHERE ${combos.sql})`, params: combos.params };
  const rows = db
    .prepare<unknown[], DbRow>(
      `SELECT ${ROW_COLUMNS} FROM requests r ${ROW_JOINS}
       WHERE ${candidates.sql} AND ${own.sql} AND r.name = ?
       ORDER BY r.ts DESC, r.id DESC LIMIT ?`,
    )
    .all(...candidates.params, ...own.params, key.name, limit);
  return rows.reverse();
}

/**
 * Every request that touched the object, with the object after each request where a body was logged and
 * the change from the previous version. `all` keeps managedFields/resourceVersion-style noise in the diffs.
 */
export function objectHistoryFrom(db: Db, key: ObjectKey, opts: { limit?: number; all?: boolean; scopes?: Scopes } = {}): ObjectHistory {
  const limit = opts.limit ?? 500;
  const scopes = opts.scopes ?? null;
  const rows = historyRows(db, key, limit + 1).filter((r) => inScope(scopes, r.cluster, r.namespace));
  const truncated = rows.length > limit;
  const kept = truncated ? rows.slice(1) : rows;
  const bodies = readBodies(db, kept.filter((r) => logsBodies(r.level)).map((r) => r.id));
  const { entries, versions } = objectVersions(key.resource, key.name, kept.map((row) => toRow(row)), (r) => bodies.get(r.id) ?? {}, opts.all);
  return { key, entries, truncated, versions };
}

