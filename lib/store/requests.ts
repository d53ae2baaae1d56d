import "server-only";
import { inflateRawSync } from "node:zlib";
import { STAGES } from "@/lib/audit/event";
import { levelName, stagesFromBits } from "@/lib/audit/stages";
import { decodeCursor, encodeCursor } from "@/lib/query/cursor";
import type { Filter, PageParams } from "@/lib/query/filter";
import { filterToSql, type QueryContext } from "@/lib/query/to-sql";
import type { RequestDetail, RequestPage, RequestRow, StageEvent, StoreSummary } from "@/lib/query/types";
import { formatMicros } from "@/lib/time/micros";
import type { Db } from "./db";
import { EVENT_FLAG, REQUEST_FLAG } from "./writer";

const DECISIONS = [null, "allow", "forbid"] as const;

const ROW_COLUMNS = `
  r.id, c.value AS cluster, r.audit_id, r.ts, r.latency_us, r.stages, r.flags, r.level, v.value AS verb,
  u.value AS user, g.value AS groups, iu.value AS imp_user, ip.value AS source_ip, ua.value AS user_agent,
  ag.value AS api_group, av.value AS api_version, rs.value AS resource, sr.value AS subresource,
  ns.value AS namespace, r.name, r.uri, r.code, r.decision`;

const ROW_JOINS = `
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

type DbRow = {
  id: number;
  cluster: string;
  audit_id: string;
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

function toRow(r: DbRow): RequestRow {
  return {
    id: r.id,
    cluster: r.cluster,
    auditID: r.audit_id,
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
    decision: DECISIONS[r.decision ?? 0] ?? null,
    conflict: (r.flags & REQUEST_FLAG.conflict) !== 0,
    truncated: (r.flags & REQUEST_FLAG.truncated) !== 0,
  };
}

/** What filters need from the store to resolve (the newest request, for "last N" ranges). */
export function queryContext(db: Db): QueryContext {
  const row = db.prepare<[], { newest: number | null }>("SELECT max(ts) AS newest FROM requests").get();
  return { newestUs: row?.newest ?? null };
}

export function countRequests(db: Db, filter: Filter, ctx: QueryContext = queryContext(db)): number {
  const where = filterToSql(filter, ctx);
  return db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM requests r WHERE ${where.sql}`).get(...where.params)!.n;
}

/** Newest first, keyset-paged on (ts, id) so a deep page costs what the first one does. */
export function listRequestsFrom(db: Db, filter: Filter, page: PageParams): RequestPage {
  const ctx = queryContext(db);
  const where = filterToSql(filter, ctx);
  const after = decodeCursor(page.cursor);
  const keyset = after ? " AND (r.ts, r.id) < (?, ?)" : "";
  const rows = db
    .prepare<unknown[], DbRow>(
      `SELECT ${ROW_COLUMNS} FROM requests r ${ROW_JOINS}
       WHERE ${where.sql}${keyset} ORDER BY r.ts DESC, r.id DESC LIMIT ?`,
    )
    .all(...where.params, ...(after ? [after.ts, after.id] : []), page.limit + 1);
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    total: countRequests(db, filter, ctx),
    items: items.map(toRow),
    next: more && last ? encodeCursor({ ts: last.ts, id: last.id }) : null,
  };
}

type EventDbRow = { id: number; stage: number; stage_ts: number; run_id: number; flags: number; block_id: number; byte_offset: number; byte_length: number };

export function getRequestFrom(db: Db, id: number): RequestDetail | null {
  const row = db
    .prepare<[number], DbRow & { reason: string | null; message: string | null }>(
      `SELECT ${ROW_COLUMNS}, rr.value AS reason, r.message FROM requests r ${ROW_JOINS}
       LEFT JOIN strings rr ON rr.id = r.reason_id WHERE r.id = ?`,
    )
    .get(id);
  if (!row) return null;
  const eventRows = db
    .prepare<[number], EventDbRow>(
      "SELECT id, stage, stage_ts, run_id, flags, block_id, byte_offset, byte_length FROM events WHERE request_id = ? ORDER BY stage, id",
    )
    .all(id);
  const blocks = new Map<number, Buffer>();
  const readBlock = db.prepare<[number], { data: Buffer }>("SELECT data FROM blocks WHERE id = ?");
  const events: StageEvent[] = eventRows.map((e) => {
    let block = blocks.get(e.block_id);
    if (!block) {
      block = inflateRawSync(readBlock.get(e.block_id)!.data);
      blocks.set(e.block_id, block);
    }
    return {
      id: e.id,
      stage: STAGES[e.stage] ?? "Unknown",
      time: formatMicros(e.stage_ts),
      raw: block.toString("utf8", e.byte_offset, e.byte_offset + e.byte_length),
      runId: e.run_id,
      conflict: (e.flags & EVENT_FLAG.conflict) !== 0,
    };
  });
  return { ...toRow(row), reason: row.reason, message: row.message, events };
}

export function summaryFrom(db: Db): StoreSummary {
  const totals = db
    .prepare<[], { requests: number; first: number | null; last: number | null }>(
      "SELECT count(*) AS requests, min(ts) AS first, max(ts) AS last FROM requests",
    )
    .get()!;
  const { events } = db.prepare<[], { events: number }>("SELECT count(*) AS events FROM events").get()!;
  // Runs know their cluster; scanning every request for its cluster would not scale.
  const clusters = db
    .prepare<[], { value: string }>("SELECT DISTINCT cluster AS value FROM runs WHERE added > 0 ORDER BY cluster")
    .all()
    .map((r) => r.value);
  return {
    requests: totals.requests,
    events,
    first: totals.first === null ? null : formatMicros(totals.first),
    last: totals.last === null ? null : formatMicros(totals.last),
    clusters,
  };
}
