import "server-only";
import { levelName, stagesFromBits } from "@/lib/audit/stages";
import { decodeCursor, decodeLatencyCursor, encodeCursor, encodeLatencyCursor, type LatencyCursor } from "@/lib/query/cursor";
import type { Filter, PageParams } from "@/lib/query/filter";
import type { Scopes, ScopedFilter } from "@/lib/query/scope";
import type { QueryContext } from "@/lib/query/time-range";
import { filterToSql, type SqlFragment } from "./tree-to-sql";
import type { RequestDetail, RequestPage, RequestRow, StageEvent, StoreSummary } from "@/lib/store/types";
import type { SortBy } from "@/lib/query/view";
import { formatMicros } from "@/lib/time/micros";
import { auditIdText } from "./audit-id";
import type { Db } from "./db";
import { eventsOfRequests } from "./request-events";
import { fillSelection, planSelection, readPlan, timeOrderedPlan, type SelectionMemo } from "./selection";
import { latencyUnknown } from "@/lib/audit/latency";
import { REQUEST_FLAG } from "@/lib/audit/request-flags";

const DECISIONS = [null, "allow", "forbid"] as const;

export const ROW_COLUMNS = `
  r.id, c.value AS cluster, r.audit_id, r.ts, r.latency_us, r.stages, r.flags, r.level, v.value AS verb,
  u.value AS user, g.value AS groups, iu.value AS imp_user, ip.value AS source_ip, ua.value AS user_agent,
  ag.value AS api_group, av.value AS api_version, rs.value AS resource, sr.value AS subresource,
  ns.value AS namespace, r.name, r.uri, r.code, r.decision`;

export const ROW_JOINS = `
  LEFT JOIN strings c ON c.id = r.cluster_id
  LEFT JOIN strings v ON v.id = r.verb_id
  LEFT JOIN strings u ON u.id = r.user_id
  LEFT JOIN strings g ON g.id = r.groups_id
  LEFT JOIN strings iu ON iu.id = r.imp_user_id
  LEFT JOIN strings ip ON ip.id = r.source_ip_id
  LEFT JOIN strings ua ON ua.id = r.user_agent_id
  LEFT JOIN strings ag ON ag.id = r.api_group_id
  LEFT JOIN strings av ON av.id = r.api_version_id
  LEFT JOIN strings rs ON rs.id = r.resource_id
  LEFT JOIN strings sr ON sr.id = r.subresource_id
  LEFT JOIN strings ns ON ns.id = r.namespace_id`;

export type DbRow = {
  id: number;
  cluster: string;
  audit_id: string | Buffer;
  ts: number;
  latency_us: number | null;
  stages: number;
  flags: number;
  level: number;
  verb: string;
  user: string | null;
  groups: string | null;
  imp_user: string | null;
  source_ip: string | null;
  user_agent: string | null;
  api_group: string | null;
  api_version: string | null;
  resource: string | null;
  subresource: string | null;
  namespace: string | null;
  name: string | null;
  uri: string;
  code: number | null;
  decision: number | null;
};

export function toRow(r: DbRow): RequestRow {
  return {
    id: r.id,
    cluster: r.cluster,
    auditID: auditIdText(r.audit_id),
    time: formatMicros(r.ts),
    user: r.user,
    groups: r.groups ? (JSON.parse(r.groups) as string[]) : [],
    impersonatedUser: r.imp_user,
    verb: r.verb,
    apiGroup: r.api_group,
    apiVersion: r.api_version,
    resource: r.resource,
    subresource: r.subresource,
    namespace: r.namespace,
    name: r.name,
    requestURI: r.uri,
    code: r.code,
    latencyMs: r.latency_us === null ? null : r.latency_us / 1000,
    sourceIP: r.source_ip,
    userAgent: r.user_agent,
    level: levelName(r.level),
    stages: stagesFromBits(r.stages),
    latencyUnknown: latencyUnknown(r.latency_us, r.stages, r.flags),
    decision: DECISIONS[r.decision ?? 0] ?? null,
    conflict: (r.flags & REQUEST_FLAG.conflict) !== 0,
    truncated: (r.flags & REQUEST_FLAG.truncated) !== 0,
    future: (r.flags & REQUEST_FLAG.future) !== 0,
  };
}

/**
 * What filters need from the store to resolve: the newest request, for "last N" ranges, leaving out those
 * dated more than a day after they arrived (one event from the year 3000 would empty every range).
 * Walks the time index from the newest end, past the future-dated requests only.
 */
export function queryContext(db: Db): QueryContext {
  const row = db
    .prepare<[number], { newest: number }>("SELECT ts AS newest FROM requests WHERE (flags & ?) = 0 ORDER BY ts DESC, id DESC LIMIT 1")
    .get(REQUEST_FLAG.future);
  return { newestUs: row?.newest ?? null };
}

/** Requests the filter matches, counted the way the dashboard's total is (selection.ts). */
export function countRequests(db: Db, filter: ScopedFilter, ctx: QueryContext = queryContext(db), selections?: SelectionMemo): number {
  return fillSelection(db, planSelection(filter, ctx), selections).matching;
}

/**
 * One page of requests, keyset-paged so a deep page costs what the first one does: newest first on
 * (ts, id), or slowest first on (latency_us, id) with unknown latencies after every known one.
 */
export function listRequestsFrom(db: Db, filter: ScopedFilter, page: PageParams, sort: SortBy = "time", selections?: SelectionMemo): RequestPage {
  const sel = fillSelection(db, planSelection(filter, queryContext(db)), selections);
  const source = sort === "latency" ? readPlan(sel, page.limit + 1) : timeOrderedPlan(sel, page.limit + 1);
  const { rows, next } = sort === "latency" ? latencyPage(db, source, page) : timePage(db, source, page);
  return { total: sel.matching, items: rows.map(toRow), next };
}

type Slice = { rows: DbRow[]; next: string | null };
type Source = { from: string; where: SqlFragment };

/**
 * The page's ids first, then their columns: SQLite may sort every match (a user's requests come from
 * requests_by_user in user order), and sorting bare ids is cheap where sorting joined rows is not.
 */
function selectRows(db: Db, { from, where }: Source, keyset: SqlFragment, order: string, limit: number): DbRow[] {
  return db
    .prepare<unknown[], DbRow>(
      `SELECT ${ROW_COLUMNS} FROM requests r ${ROW_JOINS}
       WHERE r.id IN (SELECT r.id FROM ${from} WHERE ${where.sql}${keyset.sql} ORDER BY ${order} LIMIT ?) ORDER BY ${order}`,
    )
    .all(...where.params, ...keyset.params, limit);
}

function timePage(db: Db, source: Source, page: PageParams): Slice {
  const after = decodeCursor(page.cursor);
  const keyset: SqlFragment = after ? { sql: " AND (r.ts, r.id) < (?, ?)", params: [after.ts, after.id] } : { sql: "", params: [] };
  const rows = selectRows(db, source, keyset, "r.ts DESC, r.id DESC", page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { rows: items, next: rows.length > page.limit && last ? encodeCursor({ ts: last.ts, id: last.id }) : null };
}

/** The bound of requests_by_slow_latency (migration 0016), repeated as a literal so SQLite can use it. */
export const SLOW_LATENCY_US = 1_000_000;

type LatencyWalk = {
  where: string;
  order: string;
  /** Whether the cursor's row belongs to this walk. */
  holds: (c: LatencyCursor) => boolean;
  keyset: (c: LatencyCursor) => SqlFragment;
};

const KNOWN_LATENCY_ORDER = "r.latency_us DESC, r.id DESC";
const knownLatencyKeyset = (c: LatencyCursor): SqlFragment => ({ sql: " AND (r.latency_us, r.id) < (?, ?)", params: [c.latencyUs!, c.id] });

/**
 * "Slowest first" is three keyset walks, one after the other: the slow requests on their index, then
 * the faster ones (sorted: most pages never get there), then those with no known latency by id. One
 * ORDER BY over all of them would read the same rows, but could not seek an index to the cursor.
 */
const LATENCY_WALKS: LatencyWalk[] = [
  {
    where: ` AND r.latency_us >= ${SLOW_LATENCY_US}`,
    order: KNOWN_LATENCY_ORDER,
    holds: (c) => c.latencyUs !== null && c.latencyUs >= SLOW_LATENCY_US,
    keyset: knownLatencyKeyset,
  },
  {
    where: ` AND r.latency_us < ${SLOW_LATENCY_US}`,
    order: KNOWN_LATENCY_ORDER,
    holds: (c) => c.latencyUs !== null && c.latencyUs < SLOW_LATENCY_US,
    keyset: knownLatencyKeyset,
  },
  {
    where: " AND r.latency_us IS NULL",
    order: "r.id DESC",
    holds: (c) => c.latencyUs === null,
    keyset: (c) => ({ sql: " AND r.id < ?", params: [c.id] }),
  },
];

function latencyPage(db: Db, source: Source, page: PageParams): Slice {
  const after = decodeLatencyCursor(page.cursor);
  const want = page.limit + 1;
  const start = after ? LATENCY_WALKS.findIndex((w) => w.holds(after)) : 0;
  let rows: DbRow[] = [];
  for (let i = start; i < LATENCY_WALKS.length && rows.length < want; i++) {
    const walk = LATENCY_WALKS[i]!;
    const keyset = after && i === start ? walk.keyset(after) : { sql: "", params: [] };
    rows = rows.concat(selectRows(db, source, { sql: walk.where + keyset.sql, params: keyset.params }, walk.order, want - rows.length));
  }
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    rows: items,
    next: rows.length > page.limit && last ? encodeLatencyCursor({ latencyUs: last.latency_us, id: last.id }) : null,
  };
}

/** The rows of the requests among `ids`, without their events (none are decoded); ids no request has are left out. */
export function rowsByIdsFrom(db: Db, ids: readonly number[]): RequestRow[] {
  if (ids.length === 0) return [];
  return db
    .prepare<[string], DbRow>(`SELECT ${ROW_COLUMNS} FROM requests r ${ROW_JOINS} WHERE r.id IN (SELECT value FROM json_each(?)) ORDER BY r.id`)
    .all(JSON.stringify(ids))
    .map(toRow);
}

export function getRequestFrom(db: Db, id: number): RequestDetail | null {
  const row = db
    .prepare<[number], DbRow & { reason: string | null; message: string | null }>(
      `SELECT ${ROW_COLUMNS}, rr.value AS reason, r.message FROM requests r ${ROW_JOINS}
       LEFT JOIN strings rr ON rr.id = r.reason_id WHERE r.id = ?`,
    )
    .get(id);
  if (!row) return null;
  const events = eventsOfRequests(db, [id]).get(id) ?? [];
  return { ...toRow(row), reason: row.reason, message: row.message, events };
}

/**
 * The clusters that hold requests, from the combinations (thousands of rows, not millions): a run's
 * cluster is not always its requests', since a GKE record names its own cluster.
 */
function clustersWithRequests(db: Db): string[] {
  return db
    .prepare<[], { value: string }>(
      "SELECT s.value FROM strings s WHERE s.id IN (SELECT cluster_id FROM request_combos WHERE n > 0) ORDER BY s.value",
    )
    .all()
    .map((r) => r.value);
}

/** The summary of what the scopes let a principal see, read from its requests rather than the store-wide counters. */
export function scopedSummaryFrom(db: Db, scopes: NonNullable<Scopes>): StoreSummary {
  const where = filterToSql({ scopes }, queryContext(db));
  const row = db
    .prepare<unknown[], { requests: number; events: number | null; first: number | null; last: number | null }>(
      `SELECT count(*) AS requests, sum(r.event_count) AS events, min(r.ts) AS first, max(r.ts) AS last FROM requests r WHERE ${where.sql}`,
    )
    .get(...where.params)!;
  const clusters = clustersWithRequests(db).filter((c) => scopes.some((s) => s.cluster === c));
  return {
    requests: row.requests,
    events: row.events ?? 0,
    first: row.first === null ? null : formatMicros(row.first),
    last: row.last === null ? null : formatMicros(row.last),
    clusters,
  };
}

export function summaryFrom(db: Db): StoreSummary {
  // Counted from the rollups and the runs' own counters: count(*) would read every request and event.
  const totals = db
    .prepare<[], { requests: number; first: number | null }>(
      `SELECT (SELECT coalesce(sum(n), 0) FROM request_combos) AS requests, (SELECT min(ts) FROM requests) AS first`,
    )
    .get()!;
  // The end "last 24 h" counts back from: a request from the year 3000 is not the newest one (flag:future).
  const last = queryContext(db).newestUs;
  const { events } = db.prepare<[], { events: number }>("SELECT coalesce(sum(added - removed), 0) AS events FROM runs").get()!;
  const clusters = clustersWithRequests(db);
  return {
    requests: totals.requests,
    events,
    first: totals.first === null ? null : formatMicros(totals.first),
    last: last === null ? null : formatMicros(last),
    clusters,
  };
}
