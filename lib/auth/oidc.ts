import "server-only";
import * as client from "openid-client";
import { z } from "zod";
import type { AuthConfig } from "./config";
import type { Principal } from "./principal";
import { grantFor, loadUsersFile } from "./users-file";

type OidcConfig = NonNullable<AuthConfig["oidc"]>;

export const OIDC_COOKIE = "auditlens_oidc";
export const OIDC_CALLBACK_PATH = "/api/v1/login/oidc/callback";

let discovered: { key: string; config: client.Configuration } | null = null;

const isLoopback = (url: URL) => ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);

/** The provider's configuration, discovered once per process (and again when the settings change). */
async function provider(oidc: OidcConfig): Promise<client.Configuration> {
  const key = `${oidc.issuer}\0${oidc.clientId}\0${oidc.clientSecret ?? ""}`;
  if (discovered?.key === key) return discovered.config;
  const issuer = new URL(oidc.issuer);
  const config = await client.discovery(
    issuer,
    oidc.clientId,
    oidc.clientSecret ?? undefined,
    oidc.clientSecret ? undefined : client.None(),
    // Plain http only to a provider on this machine (a local IdP, the tests): tokens must not cross a network in clear.
    isLoopback(issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  discovered = { key, config };
  return config;
}

const pendingSchema = z.object({ state: z.string(), nonce: z.string(), verifier: z.string(), next: z.string() });
export type PendingSignIn = z.infer<typeof pendingSchema>;

export function redirectUri(config: AuthConfig): string {
  return new URL(OIDC_CALLBACK_PATH, config.publicUrl!).toString();
}

/** Where to send the browser to sign in, and what to remember (in a short-lived cookie) until it comes back. */
export async function startSignIn(config: AuthConfig, next: string): Promise<{ url: URL; pending: string }> {
  const oidc = config.oidc!;
  const verifier = client.randomPKCECodeVerifier();
  const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), verifier, next };
  const url = client.buildAuthorizationUrl(await provider(oidc), {
    redirect_uri: redirectUri(config),
    scope: oidc.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending: Buffer.from(JSON.stringify(pending)).toString("base64url") };
}

/** Why a sign-in failed, as the login page names it (a code, so no text of the URL is shown as ours). */
export const OIDC_FAILURES = {
  expired: "The sign-in took too long or was started in another browser: start again.",
  refused: "The identity provider's answer could not be verified.",
  "no-user": "The identity provider named no user.",
  "no-role": "You signed in, but neither you nor your groups have a role here: ask an admin.",
} as const;
export type OidcFailure = keyof typeof OIDC_FAILURES;

export class OidcSignInError extends Error {
  constructor(
    readonly code: OidcFailure,
    detail: string,
  ) {
    super(detail);
  }
}

function claimString(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/**
 * Completes a sign-in from the provider's redirect: exchanges the code (checking state, nonce and PKCE),
 * then maps the ID token's groups claim to a role through the users file's `groups`.
 */
export async function finishSignIn(config: AuthConfig, callbackQuery: string, pendingCookie: string | null): Promise<{ principal: Principal; next: string }> {
  const oidc = config.oidc!;
  let pending: PendingSignIn;
  try {
    pending = pendingSchema.parse(JSON.parse(Buffer.from(pendingCookie ?? "", "base64url").toString("utf8")));
  } catch {
    throw new OidcSignInError("expired", "no pending sign-in cookie, or an unreadable one");
  }
  const currentUrl = new URL(`${OIDC_CALLBACK_PATH}${callbackQuery}`, config.publicUrl!);
  let claims: Record<string, unknown> | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(await provider(oidc), currentUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (e) {
    throw new OidcSignInError("refused", (e as Error).message);
  }
  const name = claimString(claims?.preferred_username) ?? claimString(claims?.email) ?? claimString(claims?.sub);
  if (!claims || !name) throw new OidcSignInError("no-user", "the ID token has no preferred_username, email or sub");
  const raw = claims[oidc.groupsClaim];
  const groups = (Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : []).filter((g): g is string => typeof g === "string").map((g) => g.trim()).filter(Boolean);
  const grant = config.usersFile ? grantFor(loadUsersFile(config.usersFile), name, groups) : null;
  if (!grant) throw new OidcSignInError("no-role", `${name} (groups: ${groups.join(", ") || "none"}) has no role in the users file`);
  return { principal: { name, method: "oidc", ...grant }, next: pending.next };
}
