/**
 * Empty stores key requests by their received time ("time", lib/store/sqlite/audit-key.ts): inserts append to
 * requests_by_key instead of landing all over it. Stores that hold requests keep the scheme their rows
 * were written with.
 */
export const migration0018 = {
  version: 18,
  name: "time_audit_key",
  sql: `
UPDATE store_settings SET value = 'time' WHERE name = 'audit_key' AND NOT EXISTS (SELECT 1 FROM requests);
`,
};
