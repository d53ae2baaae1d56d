import "server-only";
import { z } from "zod";
import { auditStore, type AuditStore } from "@/lib/store";
import { recordActivity } from "./activity";
import { accessTokenDigest, SESSION_COOKIE } from "./authenticate";
import { authConfig, type AuthConfig } from "./config";
import { verifyPassword } from "./password";
import type { Principal } from "./principal";
import { FailureLimiter } from "./rate-limit";
import { newSecret, sameSecret, secretDigest } from "./secrets";
import { grantFor, loadUsersFile } from "./users-file";

export const loginSchema = z.union([
  z.strictObject({ username: z.string().min(1).max(253), password: z.string().min(1).max(1024) }),
  z.strictObject({ token: z.string().min(1).max(1024) }),
]);
export type LoginInput = z.infer<typeof loginSchema>;

// Five wrong passwords for one name, or twenty from one address, within 15 minutes: wait.
const perUser = new FailureLimiter(5, 15 * 60_000);
const perAddress = new FailureLimiter(20, 15 * 60_000);

export type SignInOutcome =
  | { ok: true; principal: Principal; secret: string; expiresAt: number }
  | { ok: false; status: 401 | 429; error: string; retryAfter?: number };

// Checked against a real hash when the name is unknown, so timing does not tell which names exist.
const DECOY_HASH = "scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/** Checks a password or the shared access token and opens a session; failures are counted and recorded. */
export async function signIn(input: LoginInput, address: string | null, config: AuthConfig = authConfig(), store: AuditStore = auditStore(), now = Date.now()): Promise<SignInOutcome> {
  const who = "username" in input ? input.username : "access-token";
  const wait = Math.max(perUser.retryAfter(`u:${who}`, now), address ? perAddress.retryAfter(`a:${address}`, now) : 0);
  if (wait > 0) {
    await recordActivity({ actor: who, action: "sign-in-failed", detail: { reason: "rate-limited" }, address }, store);
    return { ok: false, status: 429, error: `too many failed sign-ins: try again in ${wait} s`, retryAfter: wait };
  }
  const principal = await check(input, config);
  if (!principal) {
    perUser.fail(`u:${who}`, now);
    if (address) perAddress.fail(`a:${address}`, now);
    await recordActivity({ actor: who, action: "sign-in-failed", address }, store);
    return { ok: false, status: 401, error: "wrong username, password or token" };
  }
  perUser.reset(`u:${who}`);
  const secret = newSecret("");
  const expiresAt = now + config.sessionHours * 3600_000;
  await store.access.deleteExpiredSessions(now);
  await store.access.insertSession(secretDigest(secret), {
    username: principal.name,
    method: principal.method,
    principal: JSON.stringify(principal.method === "access-token" && config.accessToken ? { tokenDigest: accessTokenDigest(config.accessToken) } : { groups: principal.groups }),
    createdAt: now,
    expiresAt,
  });
  await recordActivity({ actor: principal.name, action: "sign-in", detail: { method: principal.method }, address }, store);
  return { ok: true, principal, secret, expiresAt };
}

async function check(input: LoginInput, config: AuthConfig): Promise<Principal | null> {
  if ("token" in input) {
    return config.accessToken && sameSecret(input.token, config.accessToken) ? { name: "access-token", role: "admin", groups: [], scopes: null, method: "access-token" } : null;
  }
  const users = config.usersFile ? loadUsersFile(config.usersFile) : null;
  const user = users?.users.find((u) => u.username === input.username);
  const matches = await verifyPassword(input.password, user?.passwordHash ?? DECOY_HASH);
  if (!users || !user?.passwordHash || !matches) return null;
  const grant = grantFor(users, user.username);
  return grant ? { name: user.username, method: "password", ...grant } : null;
}

/** Opens a session for a principal another method vouched for (OpenID Connect). */
export async function openSession(
  principal: Principal,
  address: string | null,
  config: AuthConfig = authConfig(),
  store: AuditStore = auditStore(),
  now = Date.now(),
): Promise<{ secret: string; expiresAt: number }> {
  const secret = newSecret("");
  const expiresAt = now + config.sessionHours * 3600_000;
  await store.access.insertSession(secretDigest(secret), { username: principal.name, method: principal.method, principal: JSON.stringify({ groups: principal.groups }), createdAt: now, expiresAt });
  await recordActivity({ actor: principal.name, action: "sign-in", detail: { method: principal.method }, address }, store);
  return { secret, expiresAt };
}

export async function signOut(secret: string | null, actor: string | null, address: string | null, store: AuditStore = auditStore()): Promise<void> {
  if (secret && (await store.access.deleteSession(secretDigest(secret)))) await recordActivity({ actor, action: "sign-out", address }, store);
}

/** The session cookie: HttpOnly, SameSite=Lax, Secure when served over https, gone at the session's end. */
export function sessionCookie(secret: string, expiresAt: number, secure: boolean, now = Date.now()): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000));
  return `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
}
