import { LineReader } from "./line-reader";

/** What one request row is made of: the fields of one stage event, in ROW_FIELD order. */
export type RowFields = (string | number | null)[];

/** Indexes into RowFields. */
export const ROW_FIELD = {
  auditID: 0, stage: 1, receivedMs: 2, stageMs: 3, level: 4, verb: 5, user: 6, groups: 7, impersonatedUser: 8,
  sourceIP: 9, userAgent: 10, apiGroup: 11, apiVersion: 12, resource: 13, subresource: 14, namespace: 15,
  name: 16, uri: 17, code: 18, decision: 19, reason: 20, message: 21,
} as const;
export const ROW_FIELD_COUNT = Object.keys(ROW_FIELD).length;
/** The fields that are numbers; every other one is a string or null. */
export const NUMBER_FIELDS: readonly number[] = [ROW_FIELD.receivedMs, ROW_FIELD.stageMs, ROW_FIELD.code];

// Audit JSON as upstream writes it; a field the log lacks is null.
type ParsedEvent = {
  auditID?: unknown;
  stage?: unknown;
  requestReceivedTimestamp?: string;
  stageTimestamp?: unknown;
  level?: string;
  verb?: unknown;
  requestURI?: unknown;
  user?: { username?: string; groups?: string[] };
  impersonatedUser?: { username?: string };
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: { apiGroup?: string; apiVersion?: string; resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number; message?: string };
  annotations?: Record<string, string>;
};

/**
 * A line's row fields, or null for a line that is not an audit event with the fields a row cannot do
 * without: such a line is skipped, as the ingest reports and skips it, and does not stop the run.
 */
export function parseRow(line: string): RowFields | null {
  let e: ParsedEvent;
  try {
    e = JSON.parse(line) as ParsedEvent;
  } catch {
    return null;
  }
  if (typeof e !== "object" || e === null) return null;
  const { auditID, stage, verb, requestURI } = e;
  const stageMs = typeof e.stageTimestamp === "string" ? Date.parse(e.stageTimestamp) : NaN;
  if (typeof auditID !== "string" || typeof stage !== "string" || typeof verb !== "string" || typeof requestURI !== "string" || Number.isNaN(stageMs)) {
    return null;
  }
  const received = e.requestReceivedTimestamp === undefined ? NaN : Date.parse(e.requestReceivedTimestamp);
  const ref = e.objectRef;
  return [
    auditID, stage, Number.isNaN(received) ? stageMs : received, stageMs, e.level ?? null, verb,
    e.user?.username ?? null, e.user?.groups ? JSON.stringify(e.user.groups) : null, e.impersonatedUser?.username ?? null,
    e.sourceIPs?.[0] ?? null, e.userAgent ?? null, ref?.apiGroup ?? null, ref?.apiVersion ?? null, ref?.resource ?? null,
    ref?.subresource ?? null, ref?.namespace ?? null, ref?.name ?? null, requestURI, e.responseStatus?.code ?? null,
    e.annotations?.["authorization.k8s.io/decision"] ?? null, e.annotations?.["authorization.k8s.io/reason"] ?? null,
    e.responseStatus?.message ?? null,
  ];
}

/** The rows of a read's lines that are audit events. */
export function parseRows(lines: string[]): RowFields[] {
  const rows: RowFields[] = [];
  for (const line of lines) {
    const row = parseRow(line);
    if (row) rows.push(row);
  }
  return rows;
}

/**
 * A read's stage events grouped into requests, the last stage's fields winning (a log writes a request's
 * stages in order). A request whose stages straddle two reads comes out of each.
 */
export function groupIntoRequests(rows: RowFields[]): RowFields[] {
  const byAuditID = new Map<string, RowFields>();
  for (const row of rows) byAuditID.set(row[ROW_FIELD.auditID] as string, row);
  return [...byAuditID.values()];
}

/** The file's requests a read at a time, untimed: what the store steps insert. */
export function* requestBatches(file: string, maxEvents: number): Generator<RowFields[]> {
  const reader = new LineReader(file, maxEvents);
  try {
    for (let read = reader.next(); read; read = reader.next()) {
      yield groupIntoRequests(parseRows(read.lines));
    }
  } finally {
    reader.close();
  }
}
