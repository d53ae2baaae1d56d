/**
 * Settings a store keeps about itself. The first, `audit_key`, says how requests.audit_key is derived
 * from an auditID (lib/store/sqlite/audit-key.ts): stores that already hold requests keep the SHA-1 key their
 * rows were written with, which re-keying would rewrite every row for; empty ones take the UUID's own bits.
 */
export const migration0017 = {
  version: 17,
  name: "store_settings",
  sql: `
CREATE TABLE store_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO store_settings (name, value)
  SELECT 'audit_key', CASE WHEN EXISTS (SELECT 1 FROM requests) THEN 'sha1' ELSE 'uuid' END;
`,
};
