import "server-only";
import { hash } from "node:crypto";
import { isUuid } from "./audit-id";
import type { Db } from "./db";

/**
 * How a store derives requests.audit_key, the 48-bit lookup key of an auditID (store_settings, migration
 * 0017). Stores made before it keep "sha1"; new ones use "uuid": an API server's auditIDs are random
 * UUIDs, whose own bits make as good a key as a hash, for ~1.5 µs less an event.
 */
export type AuditKeyScheme = "sha1" | "uuid";

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

export function auditKeyOf(scheme: AuditKeyScheme, auditID: string): number {
  return scheme === "uuid" && isUuid(auditID) ? uuidKey(auditID) : sha1Key(auditID);
}

export function auditKeySchemeOf(db: Db): AuditKeyScheme {
  const row = db.prepare<[], { value: string }>("SELECT value FROM store_settings WHERE name = 'audit_key'").get();
  return row?.value === "uuid" ? "uuid" : "sha1";
}
