import "server-only";
import type { ActivityRow, ApiTokenRow, SessionRow } from "@/lib/store/rows";
import type { Db } from "./db";

/** Sign-in sessions, API tokens and the activity log: rows of the store that are not audit data. */

export type { ActivityRow, ApiTokenRow, SessionRow };

export function insertSession(db: Db, secretHash: Buffer, row: SessionRow & { createdAt: number }): void {
  db.prepare("INSERT INTO auth_sessions (secret_hash, username, method, principal, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)").run(
    secretHash,
    row.username,
    row.method,
    row.principal,
    row.createdAt,
    row.expiresAt,
  );
}

export function findSession(db: Db, secretHash: Buffer, now: number): SessionRow | null {
  const row = db
    .prepare<[Buffer, number], { username: string; method: string; principal: string; expires_at: number }>(
      "SELECT username, method, principal, expires_at FROM auth_sessions WHERE secret_hash = ? AND expires_at > ?",
    )
    .get(secretHash, now);
  return row ? { username: row.username, method: row.method, principal: row.principal, expiresAt: row.expires_at } : null;
}

export function deleteSession(db: Db, secretHash: Buffer): boolean {
  return db.prepare("DELETE FROM auth_sessions WHERE secret_hash = ?").run(secretHash).changes > 0;
}

export function deleteExpiredSessions(db: Db, now: number): number {
  return db.prepare("DELETE FROM auth_sessions WHERE expires_at <= ?").run(now).changes;
}

type TokenRecord = { id: string; name: string; role: string; scopes: string | null; created_by: string; created_at: number; last_used_at: number | null };
const toToken = (r: TokenRecord): ApiTokenRow => ({
  id: r.id,
  name: r.name,
  role: r.role,
  scopes: r.scopes,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export function insertApiToken(db: Db, secretHash: Buffer, t: Omit<ApiTokenRow, "lastUsedAt">): void {
  db.prepare("INSERT INTO api_tokens (id, name, secret_hash, role, scopes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)").run(
    t.id,
    t.name,
    secretHash,
    t.role,
    t.scopes,
    t.createdBy,
    t.createdAt,
  );
}

export function listApiTokens(db: Db): ApiTokenRow[] {
  return db
    .prepare<[], TokenRecord>("SELECT id, name, role, scopes, created_by, created_at, last_used_at FROM api_tokens ORDER BY created_at DESC, id")
    .all()
    .map(toToken);
}

/** The token a secret belongs to, noting its use (to the minute: a script's every call need not write). */
export function findApiTokenNotingUse(db: Db, secretHash: Buffer, now: number): ApiTokenRow | null {
  const row = db
    .prepare<[Buffer], TokenRecord>("SELECT id, name, role, scopes, created_by, created_at, last_used_at FROM api_tokens WHERE secret_hash = ?")
    .get(secretHash);
  if (!row) return null;
  if (row.last_used_at === null || now - row.last_used_at > 60_000) {
    db.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(now, row.id);
  }
  return toToken(row);
}

export function deleteApiToken(db: Db, id: string): ApiTokenRow | null {
  const row = db.prepare<[string], TokenRecord>("DELETE FROM api_tokens WHERE id = ? RETURNING id, name, role, scopes, created_by, created_at, last_used_at").get(id);
  return row ? toToken(row) : null;
}

export function insertActivity(db: Db, a: Omit<ActivityRow, "id">): void {
  db.prepare("INSERT INTO activity (at, actor, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?)").run(a.at, a.actor, a.action, a.target, a.detail, a.address);
}

/** Newest first, keyset-paged by id. */
export function listActivity(db: Db, opts: { limit: number; before?: number; action?: string }): ActivityRow[] {
  const where: string[] = [];
  const params: (number | string)[] = [];
  if (opts.before !== undefined) {
    where.push("id < ?");
    params.push(opts.before);
  }
  if (opts.action !== undefined) {
    where.push("action = ?");
    params.push(opts.action);
  }
  return db
    .prepare<(number | string)[], ActivityRow>(
      `SELECT id, at, actor, action, target, detail, address FROM activity ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`,
    )
    .all(...params, opts.limit);
}
