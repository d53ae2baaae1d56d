import { closeSync, openSync, readSync } from "node:fs";
import { hash } from "node:crypto";
import { serialize, deserialize } from "node:v8";
import { brotliCompressSync, constants } from "node:zlib";
import { StepClock, type StepTime } from "./step-clock";

/** What one request row is made of: the fields of its most complete stage event, in ROW_FIELD order. */
export type RowFields = (string | number | null)[];

/** Indexes into RowFields. */
export const ROW_FIELD = {
  auditID: 0, stage: 1, receivedMs: 2, stageMs: 3, level: 4, verb: 5, user: 6, groups: 7, impersonatedUser: 8,
  sourceIP: 9, userAgent: 10, apiGroup: 11, apiVersion: 12, resource: 13, subresource: 14, namespace: 15,
  name: 16, uri: 17, code: 18, decision: 19, reason: 20, message: 21,
} as const;

// Everything here is audit JSON as upstream writes it; a field the log lacks is null.
type ParsedEvent = {
  auditID: string;
  stage: string;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  level: string;
  verb: string;
  requestURI: string;
  user?: { username?: string; groups?: string[] };
  impersonatedUser?: { username?: string };
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: { apiGroup?: string; apiVersion?: string; resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number; message?: string };
  annotations?: Record<string, string>;
};

function rowFields(e: ParsedEvent): RowFields {
  const ref = e.objectRef;
  return [
    e.auditID, e.stage, Date.parse(e.requestReceivedTimestamp), Date.parse(e.stageTimestamp), e.level, e.verb,
    e.user?.username ?? null, e.user?.groups ? JSON.stringify(e.user.groups) : null, e.impersonatedUser?.username ?? null,
    e.sourceIPs?.[0] ?? null, e.userAgent ?? null, ref?.apiGroup ?? null, ref?.apiVersion ?? null, ref?.resource ?? null,
    ref?.subresource ?? null, ref?.namespace ?? null, ref?.name ?? null, e.requestURI, e.responseStatus?.code ?? null,
    e.annotations?.["authorization.k8s.io/decision"] ?? null, e.annotations?.["authorization.k8s.io/reason"] ?? null,
    e.responseStatus?.message ?? null,
  ];
}

/** The steps measureParseSteps times, by what ceiling.ts calls them. */
export const PARSE_STEP = {
  read: "read, split and decode lines",
  parse: "JSON.parse",
  hash: "content hash (SHA-1), for deduplication",
  brotli1: "compress into blocks, Brotli quality 1",
  brotli3: "compress into blocks, Brotli quality 3 (the store's)",
  pick: "pick a row's fields from the event",
  handOff: "hand the fields to another thread (structured clone)",
  group: "group stage events into requests",
} as const;

const READ_BYTES = 1 << 20;
const NEWLINE = Buffer.from("\n");
const BLOCK_BYTES = 1 << 20;

/** Packs text into 1 MiB blocks and compresses each when full, as the store's blocks are (block-codec.ts). */
class BrotliBlocks {
  private readonly staging = Buffer.allocUnsafe(BLOCK_BYTES);
  private size = 0;
  compressedBytes = 0;
  constructor(private readonly quality: number) {}

  add(text: string): void {
    if (this.size > 0 && this.size + text.length * 3 > BLOCK_BYTES) this.seal();
    this.size += this.staging.write(text, this.size, "utf8");
  }

  seal(): void {
    if (this.size === 0) return;
    const params = { [constants.BROTLI_PARAM_QUALITY]: this.quality, [constants.BROTLI_PARAM_LGWIN]: 21, [constants.BROTLI_PARAM_SIZE_HINT]: this.size };
    this.compressedBytes += brotliCompressSync(this.staging.subarray(0, this.size), { params }).length;
    this.size = 0;
  }
}

export type ParseSteps = {
  steps: StepTime[];
  events: number;
  bytes: number;
  /** One row per request: its last event's fields (the bench's logs write a request's stages in order). */
  rows: RowFields[];
  /** Compressed size / raw size, per Brotli quality measured. */
  compressedShare: { q1: number; q3: number };
};

/**
 * The work every ingest of a JSON-lines audit log must do before its store sees a row, each step timed
 * on its own over the first `maxEvents` lines of `file`, a 1 MiB read at a time as the ingest reads:
 * each step's garbage is collected within that step, as it would be in a pipeline.
 */
export function measureParseSteps(file: string, maxEvents: number): ParseSteps {
  const clock = new StepClock();
  const q1 = new BrotliBlocks(1);
  const q3 = new BrotliBlocks(3);
  const requests = new Map<string, RowFields>();
  const fd = openSync(file, "r");
  const buf = Buffer.allocUnsafe(READ_BYTES);
  let carry = Buffer.alloc(0);
  let events = 0;
  let bytes = 0;
  try {
    let atEnd = false;
    while (events < maxEvents && !atEnd) {
      const lines = clock.time(PARSE_STEP.read, () => {
        const n = readSync(fd, buf, 0, READ_BYTES, null);
        atEnd = n === 0;
        // At the end, a last line without its newline is still a line (the newline added is not counted).
        const tail = atEnd && carry.length > 0 ? NEWLINE : buf.subarray(0, n);
        const chunk = carry.length > 0 ? Buffer.concat([carry, tail]) : tail;
        bytes += n;
        const out: string[] = [];
        let start = 0;
        for (let nl = chunk.indexOf(10, start); nl >= 0 && events + out.length < maxEvents; nl = chunk.indexOf(10, start)) {
          if (nl > start) out.push(chunk.toString("utf8", start, nl));
          start = nl + 1;
        }
        carry = Buffer.from(chunk.subarray(start));
        return out;
      });
      events += lines.length;
      const parsed = clock.time(PARSE_STEP.parse, () => lines.map((line) => JSON.parse(line) as ParsedEvent));
      clock.time(PARSE_STEP.hash, () => {
        for (const line of lines) hash("sha1", line, "buffer");
      });
      clock.time(PARSE_STEP.brotli1, () => lines.forEach((line) => q1.add(line)));
      clock.time(PARSE_STEP.brotli3, () => lines.forEach((line) => q3.add(line)));
      const fields = clock.time(PARSE_STEP.pick, () => parsed.map(rowFields));
      const moved = clock.time(PARSE_STEP.handOff, () => deserialize(serialize(fields)) as RowFields[]);
      clock.time(PARSE_STEP.group, () => {
        for (const f of moved) requests.set(f[ROW_FIELD.auditID] as string, f);
      });
    }
  } finally {
    closeSync(fd);
  }
  // Read ahead of the limit: the bytes of the lines measured are those read less those left over.
  bytes -= carry.length;
  clock.time(PARSE_STEP.brotli1, () => q1.seal());
  clock.time(PARSE_STEP.brotli3, () => q3.seal());
  return {
    steps: clock.perEvent(events),
    events,
    bytes,
    rows: [...requests.values()],
    compressedShare: { q1: q1.compressedBytes / Math.max(1, bytes), q3: q3.compressedBytes / Math.max(1, bytes) },
  };
}
