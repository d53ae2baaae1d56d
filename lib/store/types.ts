import type { Describable } from "@/lib/audit/describe";
import type { LatencyUnknown } from "@/lib/audit/latency";
import type { Change } from "@/lib/audit/object-versions";

/** Plain, serialisable rows that lib/store returns and components render. */

/** The fields a header sentence reads (lib/audit/describe.ts) and the rest of what a request row shows. */
export type RequestRow = Describable & {
  id: number;
  cluster: string;
  auditID: string;
  /** requestReceivedTimestamp (or the earliest stage time) as ISO 8601 with microseconds. */
  time: string;
  groups: string[];
  apiGroup: string | null;
  apiVersion: string | null;
  level: string;
  /** Stages seen for this request, in lifecycle order. */
  stages: string[];
  /** Why latencyMs is null (LATENCY_UNKNOWN_REASON says it in words); null when it is known. */
  latencyUnknown: LatencyUnknown | null;
  /** Two different events were received for one (auditID, stage): both are kept. */
  conflict: boolean;
  /** The API server truncated a body of this request (audit.k8s.io/truncated). */
  truncated: boolean;
  /** Dated more than a day after Auditlens received it: left out of where "last 24 h" ends (`flag:future`). */
  future: boolean;
};

export type StageEvent = {
  /** Its place among the request's events, from 1, by stage then arrival. */
  id: number;
  stage: string;
  /** stageTimestamp (or timestamp) as ISO 8601. */
  time: string;
  /** The event as received, verbatim. */
  raw: string;
  runId: number;
  conflict: boolean;
};

export type RequestDetail = RequestRow & {
  reason: string | null;
  message: string | null;
  events: StageEvent[];
};

export type RequestPage = {
  total: number;
  items: RequestRow[];
  /** Opaque cursor for the next (older) page, null on the last page. */
  next: string | null;
};

export type StoreSummary = {
  requests: number;
  events: number;
  first: string | null;
  /** The newest request not dated from the future (flag:future): where "last 24 h" ends. */
  last: string | null;
  clusters: string[];
};

export type RunSummary = {
  runId: number;
  events: number;
  added: number;
  duplicates: number;
  invalid: number;
  requests: number;
  errors: { line: number; reason: string }[];
};

export type IngestRun = RunSummary & {
  source: string;
  filename: string | null;
  cluster: string;
  startedAt: string;
  endedAt: string | null;
  bytes: number;
  /** Events it stored that a deletion has taken out since (retention, "delete before"). */
  removed: number;
  status: "running" | "done" | "failed" | "interrupted";
  failure: string | null;
};

/** Breakdown dimensions; each maps to a query-language field of the same meaning (see lib/query/parse.ts). */
export const DIMENSIONS = ["user", "actor", "group", "verb", "resource", "namespace", "code", "userAgent", "sourceIP", "decision"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * One breakdown entry. `absent` marks the entry counting requests without the field ("(none)"); its
 * value is "", which `field:""` reads as "the field is absent", so every entry filters like the others.
 */
export type FacetEntry = { value: string; count: number; absent?: true };

/** One timeline bar: `t` is the bucket start (ISO), `count` all requests, other keys the stacked series. */
export type TimelineBucket = { t: string; count: number } & Record<string, number | string>;

export type Stats = {
  total: number;
  /** The resolved time range the stats cover (after `range` presets), ISO, or null when unbounded. */
  from: string | null;
  to: string | null;
  bucketMs: number;
  /** Names of the stacked series present in `timeline`, in display order. */
  series: string[];
  timeline: TimelineBucket[];
  facets: Record<Dimension, FacetEntry[]>;
};

/** What one actor did in one session (same source IP and user agent, gaps under 30 minutes). */
export type Touched = { value: string; count: number };

export type Session = {
  user: string;
  sourceIP: string | null;
  userAgent: string | null;
  /** First request's time and the last request's end, ISO with microseconds. */
  start: string;
  end: string;
  /** Time of the last request to start, for a dashboard link covering the session. */
  lastStart: string;
  durationMs: number;
  count: number;
  verbs: Touched[];
  resources: Touched[];
  namespaces: Touched[];
  names: Touched[];
};

/** One request in an object's history, with the version it left and what changed since the one before. */
export type HistoryEntry = {
  request: RequestRow;
  /** The object as this request left it (or read it), when a body was logged. */
  object: Record<string, unknown> | null;
  /** The body a patch request sent. */
  patch?: unknown;
  /** Changes from the previous known version; null when there is no earlier version to compare. */
  changes: Change[] | null;
  /** Earlier version's request id the changes are relative to. */
  previousId: number | null;
  /** For a successful delete: the last version logged before it, i.e. what was deleted. */
  lastKnown: Record<string, unknown> | null;
};
