import "server-only";
import { z } from "zod";
import { auditStore, type AuditStore } from "@/lib/store";
// For its side effect too: whoever reads the users file must have the activity log record its changes.
import "./activity";
import { addressIn, authConfig, signInEnabled, type AuthConfig } from "./config";
import { roleSchema, scopeSchema, type Principal } from "./principal";
import { sameSecret, secretDigest } from "./secrets";
import { grantFor, loadUsersFile } from "./users-file";

export const SESSION_COOKIE = "auditlens_session";

/** What a request offers to prove who sent it. */
export type Credentials = {
  authorization: string | null;
  sessionSecret: string | null;
  /** The socket's address as scripts/peer-address.mjs vouches for it (lib/auth/peer.ts); null when unknown. */
  peer: string | null;
  header(name: string): string | null;
};

/** A signed-in session's identity; its role and scopes are looked up again at every request. */
export const sessionIdentitySchema = z.object({
  groups: z.array(z.string()).default([]),
  /** For a session opened with the shared access token: a digest of it, so rotating the token ends its sessions. */
  tokenDigest: z.string().optional(),
});

const OPEN: Principal = { name: "local", role: "admin", groups: [], scopes: null, method: "open" };

export function accessTokenDigest(token: string): string {
  return secretDigest(`access-token:${token}`).toString("base64url");
}

/**
 * Who sent a request, or null. A bearer token is the shared access token or an API token; a proxy's user
 * header is believed only from AUDITLENS_TRUSTED_PROXIES; otherwise the session cookie. Without any sign-in
 * method configured every request is the local admin: `npm start` then listens on loopback only.
 */
export async function authenticate(c: Credentials, config: AuthConfig = authConfig(), store: AuditStore = auditStore(), now = Date.now()): Promise<Principal | null> {
  if (!signInEnabled(config)) return OPEN;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.authorization ?? "")?.[1];
  if (bearer) return fromBearer(bearer, config, store, now);
  if (config.proxy && c.peer && addressIn(c.peer, config.proxy.trusted)) {
    const user = c.header(config.proxy.userHeader)?.trim();
    if (user) {
      const groups = (config.proxy.groupsHeader ? c.header(config.proxy.groupsHeader) ?? "" : "").split(",").map((g) => g.trim()).filter(Boolean);
      return withGrant(config, user, groups, "proxy");
    }
  }
  return c.sessionSecret ? fromSession(c.sessionSecret, config, store, now) : null;
}

async function fromBearer(secret: string, config: AuthConfig, store: AuditStore, now: number): Promise<Principal | null> {
  if (config.accessToken && sameSecret(secret, config.accessToken)) return { name: "access-token", role: "admin", groups: [], scopes: null, method: "access-token" };
  const token = await store.access.findApiTokenNotingUse(secretDigest(secret), now);
  if (!token) return null;
  const role = roleSchema.safeParse(token.role);
  const scopes = z.array(scopeSchema).nullable().safeParse(token.scopes === null ? null : JSON.parse(token.scopes));
  if (!role.success || !scopes.success) return null;
  return { name: `token:${token.name}`, role: role.data, groups: [], scopes: scopes.data, method: "api-token" };
}

async function fromSession(secret: string, config: AuthConfig, store: AuditStore, now: number): Promise<Principal | null> {
  const session = await store.access.findSession(secretDigest(secret), now);
  if (!session) return null;
  const identity = sessionIdentitySchema.safeParse(JSON.parse(session.principal));
  if (!identity.success) return null;
  if (session.method === "access-token") {
    const current = config.accessToken ? accessTokenDigest(config.accessToken) : null;
    return current && identity.data.tokenDigest === current ? { name: session.username, role: "admin", groups: [], scopes: null, method: "access-token" } : null;
  }
  if (session.method === "password") {
    const users = config.usersFile ? loadUsersFile(config.usersFile) : null;
    if (!users?.users.some((u) => u.username === session.username && u.passwordHash)) return null;
    return withGrant(config, session.username, [], "password");
  }
  if (session.method === "oidc" && config.oidc) return withGrant(config, session.username, identity.data.groups, "oidc");
  return null;
}

function withGrant(config: AuthConfig, name: string, groups: string[], method: Principal["method"]): Principal | null {
  if (!config.usersFile) return null;
  const grant = grantFor(loadUsersFile(config.usersFile), name, groups);
  return grant ? { name, method, ...grant } : null;
}
