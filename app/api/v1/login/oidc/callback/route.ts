import { recordActivity } from "@/lib/auth/activity";
import { authConfig } from "@/lib/auth/config";
import { cookieValue, requestPeer, servedOverHttps } from "@/lib/auth/guard";
import { finishSignIn, OIDC_COOKIE, OidcSignInError } from "@/lib/auth/oidc";
import { openSession, sessionCookie } from "@/lib/auth/sign-in";
import { jsonError } from "@/lib/http/json";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Where the provider sends the browser back: a session and a redirect to the page asked for, or back to the login page saying why not. */
export async function GET(request: Request): Promise<Response> {
  const config = authConfig();
  if (!config.oidc) return jsonError(404, "OpenID Connect sign-in is not configured (AUDITLENS_OIDC_ISSUER)");
  const https = servedOverHttps(request);
  const clearPending = `${OIDC_COOKIE}=; Path=/api/v1/login/oidc; HttpOnly; SameSite=Lax; Max-Age=0${https ? "; Secure" : ""}`;
  try {
    const { principal, next } = await finishSignIn(config, new URL(request.url).search, cookieValue(request.headers.get("cookie"), OIDC_COOKIE));
    const session = await openSession(principal, requestPeer(request));
    const headers = new Headers({ Location: next, "Cache-Control": "no-store" });
    headers.append("Set-Cookie", sessionCookie(session.secret, session.expiresAt, https));
    headers.append("Set-Cookie", clearPending);
    return new Response(null, { status: 303, headers });
  } catch (e) {
    if (!(e instanceof OidcSignInError)) throw e;
    await recordActivity({ actor: null, action: "sign-in-failed", detail: { method: "oidc", reason: e.message }, address: requestPeer(request) });
    return new Response(null, { status: 303, headers: { Location: `/login?error=${e.code}`, "Set-Cookie": clearPending, "Cache-Control": "no-store" } });
  }
}
