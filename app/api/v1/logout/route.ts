import { authenticate, SESSION_COOKIE } from "@/lib/auth/authenticate";
import { cookieValue, credentialsOf, requestPeer, servedOverHttps } from "@/lib/auth/guard";
import { clearedSessionCookie, signOut } from "@/lib/auth/sign-in";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends the session (if any) and clears its cookie: 204 either way. */
export async function POST(request: Request): Promise<Response> {
  const who = await authenticate(credentialsOf(request.headers));
  await signOut(cookieValue(request.headers.get("cookie"), SESSION_COOKIE), who?.name ?? null, requestPeer(request));
  return new Response(null, { status: 204, headers: { "Set-Cookie": clearedSessionCookie(servedOverHttps(request)), "Cache-Control": "no-store" } });
}
