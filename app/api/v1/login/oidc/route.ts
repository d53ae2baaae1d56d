import { authConfig } from "@/lib/auth/config";
import { servedOverHttps } from "@/lib/auth/guard";
import { OIDC_COOKIE, startSignIn } from "@/lib/auth/oidc";
import { safeReturnPath } from "@/lib/auth/page-access";
import { jsonError } from "@/lib/http/json";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Starts an OpenID Connect sign-in: a redirect to the provider, `next` being where to land afterwards. */
export async function GET(request: Request): Promise<Response> {
  const config = authConfig();
  if (!config.oidc) return jsonError(404, "OpenID Connect sign-in is not configured (AUDITLENS_OIDC_ISSUER)");
  const next = safeReturnPath(new URL(request.url).searchParams.get("next"));
  const { url, pending } = await startSignIn(config, next);
  const secure = servedOverHttps(request) ? "; Secure" : "";
  return new Response(null, {
    status: 302,
    headers: { Location: url.toString(), "Set-Cookie": `${OIDC_COOKIE}=${pending}; Path=/api/v1/login/oidc; HttpOnly; SameSite=Lax; Max-Age=600${secure}`, "Cache-Control": "no-store" },
  });
}
