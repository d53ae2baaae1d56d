/**
 * Who may read the store, kept apart from the audit data: sign-in sessions and API tokens (each stored as
 * the SHA-256 of its secret, never the secret), and Auditlens' own activity log (sign-ins, exports,
 * deletions, token changes).
 * IF NOT EXISTS: tests rewind user_version on a full store to replay older migrations after this one.
 */
export const migration0023 = {
  version: 23,
  name: "access",
  sql: `
CREATE TABLE IF NOT EXISTS auth_sessions (
  secret_hash BLOB PRIMARY KEY,
  username TEXT NOT NULL,
  method TEXT NOT NULL,
  principal TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS auth_sessions_by_expiry ON auth_sessions(expires_at);
CREATE TABLE IF NOT EXISTS api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_hash BLOB NOT NULL UNIQUE,
  role TEXT NOT NULL,
  scopes TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS activity (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT,
  address TEXT
);
CREATE INDEX IF NOT EXISTS activity_by_time ON activity(at);
`,
};
