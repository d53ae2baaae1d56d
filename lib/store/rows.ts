import type { Dimension, HistoryEntry, RequestRow, Session } from "./types";

/**
 * The AuditStore's answers and options beyond the request rows in types.ts: plain and serialisable, the
 * same whichever backend gives them.
 */

/** What else the same user did around one request. */
export type Related = {
  /** The closest requests in time, oldest first. */
  items: RequestRow[];
  /** How many requests the user made in the window (this one excluded). */
  total: number;
};

export type SessionList = { sessions: Session[]; truncated: boolean };

export type Suggestion = { value: string; count: number };
export type Suggestions = { field: string; values: Suggestion[] };

/** One object, as `/objects?cluster=&group=&resource=&ns=&name=` names it; a null cluster matches every one. */
export type ObjectKey = { cluster: string | null; group: string; resource: string; namespace: string | null; name: string };
/** Which end pages start from, the diffs' fields, and the page: `limit` requests from `cursor` (a `next`). */
export type HistoryOptions = { order: "desc" | "asc"; fields: "changed" | "all"; limit: number; cursor?: string | undefined };

/** One page of an object's history. */
export type ObjectHistory = {
  key: ObjectKey;
  /** In the order asked (the SQLite backend builds them oldest first, then turns them round). */
  entries: HistoryEntry[];
  /** Requests that touched the object, on every page, counted up to 1 000. */
  total: number;
  /** More than `total` requests touched the object: it stopped counting. */
  totalAtLeast: boolean;
  /** More requests touched the object than this page shows. */
  truncated: boolean;
  /** The cursor of the page after this one, in the order asked; null on the last page. */
  next: string | null;
  /** How many requests on this page logged a full version of the object. */
  versions: number;
};

export type StatsOptions = {
  /** Entries per breakdown; "show more" asks for more. */
  facetLimit?: number;
  /** Which breakdowns to compute (default all); "show more" needs one. */
  dimensions?: readonly Dimension[];
  /** Skip the total and timeline when only breakdowns are wanted. */
  timeline?: boolean;
};

/** What a filter needs from the store to resolve "last N" ranges: its newest request not dated from the future. */
export type Newest = { newestUs: number | null };

export const EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type StoreHealth = { writable: boolean; migrated: boolean };

export type RunSource = "upload" | "cli" | "tail" | "webhook";
export type IngestTotals = { source: RunSource; events: number; requests: number; invalid: number };

export type RedactSummary = {
  requests: number;
  events: number;
  /** Events stored again with their credentials replaced by markers. */
  redacted: number;
  /** Blocks whose old copies of those events (and bytes no request points at) were blanked. */
  blocksRewritten: number;
  /** Blocks left with nothing any request points at. */
  blocksRemoved: number;
  /** Bytes blanked: the redacted events' old text, and copies of duplicates that rode along in a block. */
  bytesBlanked: number;
  /** The store file before and after; the file keeps its size until compacted, freed bytes are zeroed. */
  fileBytesBefore: number;
  fileBytesAfter: number;
  /** The write-ahead log could not be emptied: another process (the server) was reading it. */
  walBusy: boolean;
};

/** A signed-in session; the store keeps a digest of its secret, never the secret. */
export type SessionRow = { username: string; method: string; principal: string; expiresAt: number };

export type ApiTokenRow = {
  id: string;
  name: string;
  role: string;
  /** JSON of the token's scopes; null: unscoped. */
  scopes: string | null;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
};

export type ActivityRow = { id: number; at: number; actor: string | null; action: string; target: string | null; detail: string | null; address: string | null };

/** One detection rule's hits among the requests a filter matches (lib/findings). Times in microseconds. */
export type RuleHits = {
  ruleId: string;
  count: number;
  firstUs: number;
  lastUs: number;
  /** Hits per bucket: bucket i covers [startUs + i × bucketUs, startUs + (i + 1) × bucketUs); every rule of one summary shares the frame. */
  timeline: { startUs: number; bucketUs: number; counts: number[] };
};

/** A request a rule found: its time, the correlation key (null for a plain match rule) and what a body check saw. */
export type StoredHit = { requestId: number; tsUs: number; key: string | null; detail: string | null };

/** A page of one rule's hits, oldest first; `next` is the cursor of the following page, null on the last. */
export type HitPage = { hits: StoredHit[]; total: number; next: string | null };

/** Whether the stored findings were computed with the rule set of a fingerprint, and when (ms since the epoch, as Date takes it; null: never). */
export type FindingsStatus = { current: boolean; computedAt: number | null };
