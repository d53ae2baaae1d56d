/**
 * requests.audit_id holds an auditID in 16 bytes when it is a lowercase UUID (the API server writes
 * nothing else), and as text otherwise: 20 bytes less a request row. Stores written before keep text.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether the auditID is a lowercase UUID. */
export function isUuid(auditID: string): boolean {
  return UUID.test(auditID);
}

/** The value requests.audit_id stores for an auditID. */
export function storedAuditId(auditID: string): string | Buffer {
  return isUuid(auditID) ? Buffer.from(auditID.replaceAll("-", ""), "hex") : auditID;
}

/** The auditID a stored requests.audit_id value stands for. */
export function auditIdText(stored: string | Uint8Array): string {
  if (typeof stored === "string") return stored;
  const hex = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
