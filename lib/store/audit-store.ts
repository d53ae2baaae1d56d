import type { RuleSet } from "@/lib/findings/types";
import type { FieldName } from "@/lib/query/fields";
import type { IngestTarget } from "./ingest-target";
import type { PageParams } from "@/lib/query/filter";
import type { ScopedFilter, Scopes } from "@/lib/query/scope";
import type { SortBy, View } from "@/lib/query/view";
import type { DeletionCounts, StoreInfo } from "@/lib/retention/types";
import type { SavedView } from "@/lib/views/types";
import type {
  ActivityRow,
  ApiTokenRow,
  ExportFormat,
  HistoryOptions,
  IngestTotals,
  Newest,
  ObjectHistory,
  ObjectKey,
  RedactSummary,
  Related,
  FindingsStatus,
  HitPage,
  RuleHits,
  SessionList,
  SessionRow,
  StatsOptions,
  Suggestions,
  StoreHealth,
} from "./rows";
import type { IngestRun, RequestDetail, RequestPage, RequestRow, StageEvent, Stats, StoreSummary } from "./types";

/**
 * What pages, routes, auth and maintenance ask of the store, whatever holds it (SQLite today). Filters go
 * in as lib/query values, plain rows come out. Every answer is a Promise: a backend across the network
 * answers later; SQLite answers at once. Reads that take `Scopes` decide them here, so none can be made
 * without deciding who may see what (null: unscoped).
 */
export interface AuditStore {
  /** The write side: where every ingest source (upload, CLI, tail, webhook) records runs and writes batches. */
  ingestTarget(): IngestTarget;
  readonly requests: RequestReads;
  /** Total, timeline and breakdowns for the dashboard, the actor page, snapshots and GET /api/v1/stats. */
  stats(filter: ScopedFilter, view: Pick<View, "stack">, opts?: StatsOptions): Promise<Stats>;
  /** Counts and time span for the dashboard's header; a scoped principal's cover their scopes only. */
  summary(scopes: Scopes): Promise<StoreSummary>;
  /** What "last N" ranges are measured back from. */
  newest(): Promise<Newest>;
  /** Every request that touched one object, with the versions it left. */
  history(key: ObjectKey, options: HistoryOptions, scopes: Scopes): Promise<ObjectHistory>;
  /** One user's requests, sent by them or made as them (impersonated), grouped into sessions. */
  sessions(user: string, filter: ScopedFilter, opts?: { limit?: number }): Promise<SessionList>;
  /** Top values of a field among the requests a filter matches, for the search box. */
  suggest(field: FieldName, prefix: string, filter: ScopedFilter, limit?: number): Promise<Suggestions>;
  /** Ingest runs, newest first; runs describe whole files, across namespaces, so a scoped principal sees none. */
  runs(limit: number, scopes: Scopes): Promise<IngestRun[]>;
  /** What the detection rules found (lib/findings), among the requests a principal may see. */
  readonly findings: FindingReads;
  readonly views: SavedViews;
  readonly access: AccessRecords;
  readonly maintenance: Maintenance;
  /** Size and span of the store, for the runs page and GET /api/v1/store. */
  info(): Promise<StoreInfo>;
  /** Whether the store takes writes and has every migration: the readiness probe. */
  health(): Promise<StoreHealth>;
  /** Bytes the store takes on disk, for the metrics scrape. */
  sizeBytes(): Promise<number>;
  /** What every run has stored, per source, since the store was made (the metrics scrape). */
  ingestTotals(): Promise<IngestTotals[]>;
}

export interface RequestReads {
  /** A keyset page of the requests a filter matches, with their total. */
  page(filter: ScopedFilter, page: PageParams, sort?: SortBy): Promise<RequestPage>;
  /** Requests the filter matches, counted as the dashboard's total is. */
  count(filter: ScopedFilter): Promise<number>;
  /** One request with its events, or null when it does not exist or lies outside the scopes (the same answer: a 404). */
  get(id: number, scopes: Scopes): Promise<RequestDetail | null>;
  /** The rows of the requests among `ids`, without events, leaving out those that do not exist or lie outside the scopes. */
  rows(ids: readonly number[], scopes: Scopes): Promise<RequestRow[]>;
  /** What else the same user did around one request. */
  related(id: number, scopes: Scopes, limit?: number): Promise<Related>;
  /**
   * Reads the original events of many requests, a batch at a time; one reader keeps what it decoded for
   * the next batch (a snapshot's requests share storage blocks).
   */
  eventReader(): (ids: readonly number[]) => Promise<Map<number, StageEvent[]>>;
  /**
   * Every request a filter matches, as a file of `format` read one batch per pull. The filter resolves
   * before the stream is returned, so a bad query fails the call instead of the download.
   */
  export(filter: ScopedFilter, format: ExportFormat): Promise<ReadableStream<Uint8Array>>;
}

/**
 * The stored findings: hits of detection rules on requests. Each read is limited to the requests a
 * filter matches with its scopes applied, so a scoped principal never learns of a hit outside them.
 */
export interface FindingReads {
  /** Per rule with hits among the requests the filter matches, most hits first; the timelines share ~`buckets` buckets (default 40) over the filter's range, else over the hits' span. */
  summary(filter: ScopedFilter, opts?: { buckets?: number }): Promise<RuleHits[]>;
  /** A rule's hits among the filter's requests, oldest first, `limit` at a time from `cursor` (a `next`). */
  hits(ruleId: string, filter: ScopedFilter, page: { limit: number; cursor?: string }): Promise<HitPage>;
  /** Rules that found one request, by id (none when the request does not exist or lies outside the scopes). */
  ofRequest(requestId: number, scopes: Scopes): Promise<{ ruleId: string; detail: string | null }[]>;
  /** Whether the stored findings were computed with the rule set of `fingerprint`, and when. */
  status(fingerprint: string): Promise<FindingsStatus>;
  /** Hits per rule in the whole store, whatever the scopes: for GET /metrics, which only unscoped viewers read. */
  countsByRule(): Promise<{ ruleId: string; count: number }[]>;
}

export interface SavedViews {
  /** Stores a view (its URL already canonical) under a new short id. */
  save(view: { name: string; url: string }): Promise<SavedView>;
  get(id: string): Promise<SavedView | null>;
  list(limit?: number): Promise<SavedView[]>;
  delete(id: string): Promise<boolean>;
}

/** Sign-in sessions, API tokens and the activity log; secrets arrive as digests. */
export interface AccessRecords {
  insertSession(secretHash: Buffer, row: SessionRow & { createdAt: number }): Promise<void>;
  /** The session, when it exists and has not expired at `now`. */
  findSession(secretHash: Buffer, now: number): Promise<SessionRow | null>;
  deleteSession(secretHash: Buffer): Promise<boolean>;
  deleteExpiredSessions(now: number): Promise<number>;
  insertApiToken(secretHash: Buffer, token: Omit<ApiTokenRow, "lastUsedAt">): Promise<void>;
  listApiTokens(): Promise<ApiTokenRow[]>;
  /** The token with this digest, noting that it was used at `now`. */
  findApiTokenNotingUse(secretHash: Buffer, now: number): Promise<ApiTokenRow | null>;
  /** Removes a token and returns what it was, or null when there is none. */
  deleteApiToken(id: string): Promise<ApiTokenRow | null>;
  insertActivity(entry: Omit<ActivityRow, "id">): Promise<void>;
  /** Newest first; `before` an entry id, for paging. */
  listActivity(opts: { limit: number; before?: number; action?: string }): Promise<ActivityRow[]>;
}

/**
 * Deletions, retention and rewrites of stored events, made by the one writer of the store (times in
 * microseconds since the epoch).
 */
export interface Maintenance {
  /** Deletes the requests received before `beforeUs`, whole, with their events. */
  deleteBefore(beforeUs: number, nowUs?: number): Promise<DeletionCounts>;
  /** Deletes an ingest run and its events; null when there is none. */
  deleteRun(runId: number, nowUs?: number): Promise<DeletionCounts | null>;
  /** Received time of the (n+1)th oldest request, or null when the store holds n or fewer. */
  nthOldestTs(n: number): Promise<number | null>;
  /** One past the newest request's received time: deleting before it deletes every request. Null when empty. */
  afterNewestTs(): Promise<number | null>;
  /** Frees storage that earlier deletions left to runs still writing then; returns how many blocks went. */
  collectBlocks(nowUs?: number): Promise<number>;
  /** Size and span as the writer sees them, between the deletions of one retention pass. */
  info(): Promise<StoreInfo>;
  /** Gives the space deletions freed back to the disk. Holds the store throughout: for a store not in use. */
  compact(): Promise<void>;
  /** Replaces credentials in stored events with the store's salted markers. */
  redact(): Promise<RedactSummary>;
  /**
   * Computes every stored request's findings again with `ruleSet` (after rules changed), a chunk per
   * transaction; afterwards the findings are current for its fingerprint, unless a batch evaluated with
   * other rules was written meanwhile (`current: false`: still a mix). Returns the requests evaluated and
   * the hits the store then holds.
   */
  recomputeFindings(
    ruleSet: RuleSet,
    onProgress?: (progress: { requests: number; total: number }) => void,
  ): Promise<{ requests: number; hits: number; current: boolean }>;
}
