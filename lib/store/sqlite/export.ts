import "server-only";
import { stringify } from "csv-stringify/sync";
import { formatResource } from "@/lib/format/resource";
import type { Filter } from "@/lib/query/filter";
import type { ScopedFilter } from "@/lib/query/scope";
import { filterToSql, type SqlFragment } from "./tree-to-sql";
import type { RequestRow } from "@/lib/store/types";
import type { Db } from "./db";
import { BlockCache, eventsOfRequests } from "./request-events";
import { queryContext, ROW_COLUMNS, ROW_JOINS, toRow, type DbRow } from "./requests";

export const EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

/** Requests per batch: about a megabyte of output, so memory stays flat however many rows match. */
const BATCH = 500;
/** Inflated 64 KiB event blocks kept between batches; consecutive requests usually share blocks. */
const BLOCK_CACHE = 32;

/**
 * The requests a filter matches, oldest first, one keyset batch at a time. Each batch is a separate
 * query: a statement iterator left open between pulls would keep the shared connection busy for every
 * other page while a slow client downloads.
 */
function* requestBatches(db: Db, where: SqlFragment, batchSize: number): Generator<DbRow[]> {
  const select = db.prepare<unknown[], DbRow>(
    `SELECT ${ROW_COLUMNS} FROM requests r ${ROW_JOINS} WHERE ${where.sql} AND (r.ts, r.id) > (?, ?) ORDER BY r.ts, r.id LIMIT ?`,
  );
  let after = { ts: Number.MIN_SAFE_INTEGER, id: 0 };
  for (;;) {
    const rows = select.all(...where.params, after.ts, after.id, batchSize);
    if (rows.length > 0) yield rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { ts: last.ts, id: last.id };
  }
}

/**
 * The stored stage events of each request, verbatim and in lifecycle order: the same lines the API
 * server wrote (or the one-line form of a pretty-printed or wrapped event), so Auditlens re-ingests
 * the export with identical event and request counts.
 */
function* jsonlChunks(db: Db, where: SqlFragment, batchSize: number): Generator<string> {
  const cache = new BlockCache(BLOCK_CACHE);
  for (const rows of requestBatches(db, where, batchSize)) {
    const lines: string[] = [];
    for (const events of eventsOfRequests(db, rows.map((r) => r.id), cache).values()) {
      for (const e of events) lines.push(e.raw);
    }
    yield lines.join("\n") + "\n";
  }
}

/** The table's columns, then what a spreadsheet needs to tell requests apart and look them up again. */
const CSV_COLUMNS: { key: string; value: (r: RequestRow) => string | number | null }[] = [
  { key: "time", value: (r) => r.time },
  { key: "cluster", value: (r) => r.cluster },
  { key: "auditID", value: (r) => r.auditID },
  { key: "user", value: (r) => r.user },
  { key: "impersonatedUser", value: (r) => r.impersonatedUser },
  { key: "verb", value: (r) => r.verb },
  { key: "apiGroup", value: (r) => r.apiGroup },
  { key: "resource", value: (r) => formatResource(r.resource, r.subresource) },
  { key: "namespace", value: (r) => r.namespace },
  { key: "name", value: (r) => r.name },
  { key: "code", value: (r) => r.code },
  { key: "latencyMs", value: (r) => r.latencyMs },
  { key: "sourceIP", value: (r) => r.sourceIP },
  { key: "userAgent", value: (r) => r.userAgent },
  { key: "requestURI", value: (r) => r.requestURI },
  { key: "decision", value: (r) => r.decision },
];

// C0 controls but tab, LF and CR (which CSV quoting carries), DEL, and C1 controls (U+009B is a CSI too).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * A log value with its control characters spelled out: raw ESC sequences in a cell (a user agent, an
 * object name) would reach the terminal of whoever `cat`s the export, and can recolour or rewrite it.
 */
function visibleControls<T>(value: T): T | string {
  if (typeof value !== "string") return value;
  return value.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

/**
 * One row per request. Log values are attacker-controlled (a user agent, an object name): csv-stringify's
 * escape_formulas prefixes a `'` to any text starting with = + - @ tab or CR, so a spreadsheet shows it
 * instead of evaluating it. Control characters are written as visible `\u001B` escapes (visibleControls).
 */
function* csvChunks(db: Db, where: SqlFragment, batchSize: number): Generator<string> {
  let header = true;
  for (const rows of requestBatches(db, where, batchSize)) {
    const records = rows.map(toRow).map((r) => CSV_COLUMNS.map((c) => visibleControls(c.value(r))));
    yield stringify(records, { header, columns: CSV_COLUMNS.map((c) => c.key), escape_formulas: true });
    header = false;
  }
  // An export with no match still says what its columns are.
  if (header) yield stringify([], { header: true, columns: CSV_COLUMNS.map((c) => c.key) });
}

/**
 * Every request a filter matches, as a byte stream that reads one batch per pull: the client's download
 * speed sets the pace, and exporting a million requests holds one batch in memory, not a million rows.
 * The filter resolves here, before the first byte, so a bad query fails the request instead of the
 * download, and "last 1 h" means the same hour on the last batch as on the first.
 */
export function exportStreamFrom(db: Db, filter: ScopedFilter, format: ExportFormat, batchSize = BATCH): ReadableStream<Uint8Array> {
  const where = filterToSql(filter, queryContext(db));
  const chunks = format === "jsonl" ? jsonlChunks(db, where, batchSize) : csvChunks(db, where, batchSize);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      cancel() {
        chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
