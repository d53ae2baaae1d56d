import "server-only";
import type { AuditStore } from "./audit-store";
import { closeDb, db, defaultDbPath, ingestDb, openIngestDb } from "./sqlite/db";
import { sqliteStore, sqliteStoreOn } from "./sqlite/sqlite-store";

/**
 * Where the app gets its store: the one place that picks a backend. Pages, routes, auth and maintenance
 * import from here and from ./audit-store, never from a backend's folder.
 */

export type { AuditStore } from "./audit-store";
export { RunInProgressError } from "./sqlite/deletion";
// Not SQL, but still kept beside it: the history URL's parameters, the breakdown limits, the export file's name.
export { readObjectParams } from "./sqlite/history";
export { DEFAULT_FACET_LIMIT, MAX_FACET_LIMIT } from "./sqlite/stats";
export { EXPORT_CONTENT_TYPES } from "./sqlite/export";

/**
 * One per module instance, not per process: Next.js gives route handlers and pages module graphs of their
 * own, each with its own copy of lib/query's error classes, and a store made in another graph throws errors
 * that this graph's `instanceof` does not recognise (a syntax error in `q` came back as a 500, not a 400).
 * The connections underneath are the process's (sqlite/db.ts keeps them on globalThis).
 */
let store: AuditStore | null = null;

/**
 * The process-wide store named by AUDITLENS_DB (default ./data/auditlens.db): pages, API reads, saved
 * views, sign-in; its deletions and retention go through the process's ingest connection.
 */
export function auditStore(): AuditStore {
  return (store ??= sqliteStoreOn({ reader: db, writer: ingestDb, file: defaultDbPath }));
}

/** The file the process-wide store is kept in. */
export const auditStoreFile = defaultDbPath;

/** Closes the process-wide store's connections (shutdown); the next use opens them again. */
export const closeAuditStore = closeDb;

/** A store of its own on a file (a tool's, a test's), with its connection to close when done. */
export function openAuditStore(file: string): AuditStore & { close(): void } {
  const db = openIngestDb(file);
  return { ...sqliteStore(db), close: () => db.close() };
}
