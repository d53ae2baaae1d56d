import { requestPeer, servedOverHttps } from "@/lib/auth/guard";
import { loginSchema, sessionCookie, signIn } from "@/lib/auth/sign-in";
import { readJsonBody } from "@/lib/http/json-body";
import { jsonError } from "@/lib/http/json";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `{"username","password"}` or `{"token"}` → 204 with the session cookie; 401 otherwise; 429 after repeated failures. */
export async function POST(request: Request): Promise<Response> {
  const input = await readJsonBody(request, loginSchema, { maxBytes: 4096, shape: '{"username", "password"} or {"token"}' });
  if (!input.ok) return input.response;
  const outcome = await signIn(input.value, requestPeer(request));
  if (!outcome.ok) {
    const response = jsonError(outcome.status, outcome.error);
    if (outcome.retryAfter) response.headers.set("Retry-After", String(outcome.retryAfter));
    return response;
  }
  return new Response(null, { status: 204, headers: { "Set-Cookie": sessionCookie(outcome.secret, outcome.expiresAt, servedOverHttps(request)), "Cache-Control": "no-store" } });
}
