/** Plain rows the store page and GET /api/v1/store show; no store imports, so components can use them. */

export type StoreInfo = {
  /** The store's file on disk. */
  file: string;
  /** Size of the file, and of its write-ahead log beside it (folded into the file at checkpoints). */
  fileBytes: number;
  walBytes: number;
  pageSize: number;
  pageCount: number;
  /** Pages that deletions emptied: new writes fill them before the file grows. */
  freePages: number;
  /** What the data takes: (pageCount - freePages) * pageSize. Size-based retention compares this to its limit. */
  usedBytes: number;
  requests: number;
  events: number;
  runs: number;
  /** The first and last request's received time, ISO, or null in an empty store. */
  oldest: string | null;
  newest: string | null;
};

/** AUDITLENS_RETENTION_DAYS and AUDITLENS_RETENTION_MAX_GB; null where unset. */
export type RetentionSettings = { days: number | null; maxGb: number | null };

/** What one deletion took out. */
export type DeletionCounts = {
  requests: number;
  events: number;
  /** Requests that kept events of other runs and were rebuilt from them. */
  rewritten: number;
  blocks: number;
  runs: number;
};

export type RetentionPass = {
  /** When it finished, ISO. */
  at: string;
  trigger: "schedule" | "request";
  /** Requests received before this were deleted, ISO; null when nothing was due. */
  before: string | null;
  deleted: DeletionCounts;
  usedBytesBefore: number;
  usedBytesAfter: number;
};

export type RetentionStatus = {
  settings: RetentionSettings;
  /** Why the settings could not be read (retention is then off), naming the variable. */
  error: string | null;
  /** How often the server applies the settings, in minutes. */
  intervalMinutes: number;
  last: RetentionPass | null;
  /** Why the last pass failed, if it did. */
  lastError: string | null;
};
