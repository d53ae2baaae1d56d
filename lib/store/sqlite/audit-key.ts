import "server-only";
import { hash } from "node:crypto";
import { isUuid } from "./audit-id";
import type { Db } from "./db";

/**
 * How a store derives requests.audit_key, the lookup key of a request (store_settings, migrations 0017
 * and 0018). A store keeps the scheme its rows were written with: re-keying would rewrite every row.
 *  - "sha1" (stores that held requests before 0017): 48 bits of SHA-1 over the auditID;
 *  - "uuid" (empty stores at 0017): 48 bits of the UUID itself, for ~1.5 µs less an event;
 *  - "time" (empty stores at 0018): for an auditID the API server made (a random v4 UUID) in an event
 *    with requestReceivedTimestamp, the received millisecond then 10 bits of the UUID; for any other,
 *    the "uuid" scheme's bits. Keys ordered by time land in a narrow range of requests_by_key (its end, when
 *    files come in time order), so a batch dirties a few of its pages, not nearly all (at 1M requests, ~27% less written),
 *    and an index far bigger than the page cache (10M requests) no longer costs a page read per insert.
 */
export type AuditKeyScheme = "sha1" | "uuid" | "time";

/** The request a stage event belongs to, as the key needs it. */
export type KeyedEvent = {
  auditID: string;
  /** requestReceivedTimestamp when given, else the stage's own time. */
  receivedUs: number;
  /** Whether receivedUs is requestReceivedTimestamp (v1), not each stage's own `timestamp` (v1beta1). */
  hasReceivedTimestamp: boolean;
};

const ID_BITS = 10;
/** Milliseconds whose time key stays an exact integer (below 2^53): until the year 2248. */
const TIME_KEY_MS_LIMIT = 2 ** (53 - ID_BITS);

const hex = (s: string, from: number, to: number) => Number.parseInt(s.slice(from, to), 16);

/** 48 bits of SHA-1 over the auditID: any text. */
function sha1Key(auditID: string): number {
  return hash("sha1", auditID, "buffer").readUIntBE(0, 6);
}

/**
 * 48 bits of a UUID: its first twelve hex digits XOR its last twelve, XOR the two groups between them.
 * Random in a v4 UUID; in a v1 the first digits are the clock's fast-moving bits (the last are the
 * host's), in a v7 the last ones are random (the first are the millisecond); and an Audit-ID a client
 * sent, which the API server keeps, may vary anywhere. Distinct keys for distinct requests, whoever wrote them.
 */
function uuidKey(id: string): number {
  // "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx": digits at 0–7, 9–12, 14–17, 19–22 and 24–35.
  const high = hex(id, 0, 6) ^ hex(id, 24, 30) ^ (hex(id, 14, 18) << 8);
  const low = ((hex(id, 6, 8) << 16) | hex(id, 9, 13)) ^ hex(id, 30, 36) ^ hex(id, 19, 23);
  return high * 0x1000000 + low;
}

/**
 * The key of the request an event belongs to: the same for every stage of a request, so its later stages
 * find its row. Under "time", only API-server auditIDs in events that carry requestReceivedTimestamp get
 * a time key. A v1beta1 event's `timestamp` differs between the stages of one request; a made-up auditID
 * ("abcde12345", all zeros) may stand for requests at different times, which still count as one
 * request. A v4 UUID seen again at another received time is a client's reused Audit-ID header, so
 * another request. Two requests may share a key: the writer matches rows on the full auditID.
 */
export function auditKeyOf(scheme: AuditKeyScheme, event: KeyedEvent): number {
  if (scheme === "sha1") return sha1Key(event.auditID);
  const id = event.auditID;
  if (!isUuid(id)) return sha1Key(id);
  if (scheme === "uuid" || !event.hasReceivedTimestamp || !isRandomUuid(id)) return uuidKey(id);
  const ms = Math.floor(event.receivedUs / 1000);
  if (ms < 0 || ms >= TIME_KEY_MS_LIMIT) return uuidKey(id);
  return ms * 2 ** ID_BITS + (uuidKey(id) % 2 ** ID_BITS);
}

/** A version-4 (random) UUID, as the API server makes for every request without an Audit-ID header. */
function isRandomUuid(id: string): boolean {
  return id[14] === "4" && "89ab".includes(id[19]!);
}

export function auditKeySchemeOf(db: Db): AuditKeyScheme {
  const row = db.prepare<[], { value: string }>("SELECT value FROM store_settings WHERE name = 'audit_key'").get();
  return row?.value === "time" || row?.value === "uuid" ? row.value : "sha1";
}
