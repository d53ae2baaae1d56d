import "server-only";
import { inScope } from "@/lib/query/scope";
import type { AccessRecords, AuditStore, FindingReads, Maintenance, RequestReads, SavedViews } from "@/lib/store/audit-store";
import * as access from "./access";
import { collectBlocks } from "./block-collector";
import { compactStore } from "./compact";
import type { Db } from "./db";
import { deleteBefore, deleteRun } from "./deletion";
import { exportStreamFrom } from "./export";
import { hitCountsByRule } from "./findings/counts";
import { storeBodyContext } from "./findings/context";
import { findingsOfRequest, findingsStatus, findingsSummary, ruleHits } from "./findings/reads";
import { recomputeFindings } from "./findings/recompute";
import { storeHealth, storeSizeBytes } from "./health";
import { objectHistoryFrom } from "./history";
import { sqliteIngestTarget } from "./ingest-target";
import { ingestTotals } from "./ingest-totals";
import { afterNewestTs, nthOldestTs } from "./oldest";
import { redactStore } from "./redact-store";
import { redactSaltOf } from "./redaction";
import { relatedRequestsFrom } from "./related";
import { BlockCache, eventsOfRequests } from "./request-events";
import { countRequests, getRequestFrom, listRequestsFrom, rowsByIdsFrom, queryContext, scopedSummaryFrom, summaryFrom } from "./requests";
import { listRunsFrom } from "./runs";
import { SelectionMemo } from "./selection";
import { sessionsFrom } from "./sessions";
import { statsFrom } from "./stats";
import { storeInfoFrom } from "./store-info";
import { suggestFrom } from "./suggest";
import { deleteViewFrom, getViewFrom, insertViewIn, listViewsFrom } from "./views";

/**
 * The connections a store answers on. Functions, not connections: the process-wide ones are opened on
 * first use and again when AUDITLENS_DB names another file. Deletions, retention and the health check go
 * through the writer (SQLite has one per store; this process's is it); everything else reads.
 */
export type Connections = { reader: () => Db; writer: () => Db; file: () => string };

/** better-sqlite3 answers synchronously: the work is done by the time the Promise is returned. */
function now<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err);
  }
}

function requestReads({ reader }: Connections, selections: SelectionMemo): RequestReads {
  return {
    page: (filter, page, sort = "time") => now(() => listRequestsFrom(reader(), filter, page, sort, selections)),
    count: (filter) => now(() => countRequests(reader(), filter, undefined, selections)),
    get: (id, scopes) =>
      now(() => {
        const detail = getRequestFrom(reader(), id);
        return detail && inScope(scopes, detail.cluster, detail.namespace) ? detail : null;
      }),
    rows: (ids, scopes) => now(() => rowsByIdsFrom(reader(), ids).filter((r) => inScope(scopes, r.cluster, r.namespace))),
    related: (id, scopes, limit = 20) => now(() => relatedRequestsFrom(reader(), id, limit, scopes)),
    eventReader: () => {
      const cache = new BlockCache();
      return (ids) => now(() => eventsOfRequests(reader(), ids, cache));
    },
    export: (filter, format) => now(() => exportStreamFrom(reader(), filter, format)),
  };
}

function findingReads({ reader }: Connections): FindingReads {
  return {
    summary: (filter, opts) => now(() => findingsSummary(reader(), filter, opts?.buckets)),
    hits: (ruleId, filter, page) => now(() => ruleHits(reader(), ruleId, filter, page)),
    ofRequest: (requestId, scopes) => now(() => findingsOfRequest(reader(), requestId, scopes)),
    status: (fingerprint) => now(() => findingsStatus(reader(), fingerprint)),
    countsByRule: () => now(() => hitCountsByRule(reader())),
  };
}

function savedViews({ reader }: Connections): SavedViews {
  return {
    save: (view) => now(() => insertViewIn(reader(), view)),
    get: (id) => now(() => getViewFrom(reader(), id)),
    list: (limit) => now(() => listViewsFrom(reader(), limit)),
    delete: (id) => now(() => deleteViewFrom(reader(), id)),
  };
}

function accessRecords({ reader }: Connections): AccessRecords {
  return {
    insertSession: (hash, row) => now(() => access.insertSession(reader(), hash, row)),
    findSession: (hash, at) => now(() => access.findSession(reader(), hash, at)),
    deleteSession: (hash) => now(() => access.deleteSession(reader(), hash)),
    deleteExpiredSessions: (at) => now(() => access.deleteExpiredSessions(reader(), at)),
    insertApiToken: (hash, token) => now(() => access.insertApiToken(reader(), hash, token)),
    listApiTokens: () => now(() => access.listApiTokens(reader())),
    findApiTokenNotingUse: (hash, at) => now(() => access.findApiTokenNotingUse(reader(), hash, at)),
    deleteApiToken: (id) => now(() => access.deleteApiToken(reader(), id)),
    insertActivity: (entry) => now(() => access.insertActivity(reader(), entry)),
    listActivity: (opts) => now(() => access.listActivity(reader(), opts)),
  };
}

function maintenance({ writer }: Connections): Maintenance {
  return {
    deleteBefore: (beforeUs, nowUs) => deleteBefore(writer(), beforeUs, nowUs),
    deleteRun: (runId, nowUs) => deleteRun(writer(), runId, nowUs),
    nthOldestTs: (n) => now(() => nthOldestTs(writer(), n)),
    afterNewestTs: () => now(() => afterNewestTs(writer())),
    collectBlocks: (nowUs) => collectBlocks(writer(), nowUs),
    info: () => now(() => storeInfoFrom(writer())),
    compact: () => now(() => compactStore(writer())),
    redact: () =>
      now(() => {
        const db = writer();
        return redactStore(db, redactSaltOf(db));
      }),
    recomputeFindings: (ruleSet, onProgress) => recomputeFindings(writer(), ruleSet, storeBodyContext, onProgress),
  };
}

/** The AuditStore on SQLite connections. */
export function sqliteStoreOn(c: Connections): AuditStore {
  const { reader, writer, file } = c;
  // The reading connection's last fill: a dashboard's stats and page, read one after the other, fill once.
  const selections = new SelectionMemo();
  return {
    ingestTarget: () => sqliteIngestTarget(writer()),
    requests: requestReads(c, selections),
    stats: (filter, view, opts) => now(() => statsFrom(reader(), filter, view, { selections, ...opts })),
    summary: (scopes) => now(() => (scopes === null ? summaryFrom(reader()) : scopedSummaryFrom(reader(), scopes))),
    newest: () => now(() => queryContext(reader())),
    history: (key, options, scopes) =>
      now(() => {
        const history = objectHistoryFrom(reader(), key, { all: options.fields === "all", scopes, order: options.order, limit: options.limit, cursor: options.cursor });
        return options.order === "desc" ? { ...history, entries: [...history.entries].reverse() } : history;
      }),
    sessions: (user, filter, opts) => now(() => sessionsFrom(reader(), user, filter, opts)),
    suggest: (field, prefix, filter, limit) => now(() => suggestFrom(reader(), field, prefix, filter, limit)),
    runs: (limit, scopes) => now(() => (scopes === null ? listRunsFrom(reader(), limit) : [])),
    findings: findingReads(c),
    views: savedViews(c),
    access: accessRecords(c),
    maintenance: maintenance(c),
    info: () => now(() => storeInfoFrom(reader())),
    health: () => now(() => storeHealth(writer())),
    sizeBytes: () => now(() => storeSizeBytes(file())),
    ingestTotals: () => now(() => ingestTotals(reader())),
  };
}

/** The AuditStore on one open connection that both reads and writes: a CLI command's, a test's. */
export function sqliteStore(db: Db): AuditStore {
  return sqliteStoreOn({ reader: () => db, writer: () => db, file: () => db.name });
}
