import { NextResponse, type NextRequest } from "next/server";
import { authConfig, signInEnabled } from "@/lib/auth/config";
import { NON_PAGE_PATHS, PATH_HEADER, requestRefusal } from "@/lib/http/request-guard";
import { API_POLICY, commonSecurityHeaders, pagePolicy } from "@/lib/http/security-headers";

/**
 * In front of every page and API route but the two that stream their bodies (lib/http/streamed-route.ts
 * checks those): refuses an undecodable path, a foreign Host and a cross-site write (requestRefusal), and
 * sets the security headers. Who may see what is decided by each route and page (lib/auth), not here.
 */
export function proxy(request: NextRequest): NextResponse {
  const config = authConfig();
  const https = config.publicUrl ? config.publicUrl.protocol === "https:" : request.nextUrl.protocol === "https:";
  const { pathname } = request.nextUrl;
  const refusal = requestRefusal(
    { method: request.method, pathname, host: request.headers.get("host"), headers: request.headers },
    config,
    signInEnabled(config),
    process.env.AUDITLENS_BIND,
  );
  if (refusal) return withHeaders(NextResponse.json({ error: refusal.error }, { status: refusal.status }), API_POLICY, https);

  const forwarded = new Headers(request.headers);
  forwarded.delete(PATH_HEADER);
  if (pathname.startsWith("/api/") || NON_PAGE_PATHS.has(pathname)) return withHeaders(NextResponse.next({ request: { headers: forwarded } }), API_POLICY, https);

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pagePolicy(nonce, https, process.env.NODE_ENV === "development");
  forwarded.set(PATH_HEADER, `${pathname}${request.nextUrl.search}`);
  // Next.js reads the nonce for its own scripts from the request's policy header.
  forwarded.set("content-security-policy", policy);
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), policy, https);
}

function withHeaders(response: NextResponse, policy: string, https: boolean): NextResponse {
  response.headers.set("Content-Security-Policy", policy);
  for (const [k, v] of Object.entries(commonSecurityHeaders(https))) response.headers.set(k, v);
  return response;
}

export const config = {
  // Static build output carries its headers through next.config.js. Uploads and webhook deliveries are
  // left out: Next.js buffers a body for the proxy and keeps only its first 10 MB, which cut big uploads
  // short; those routes make the same checks themselves (lib/http/streamed-route.ts, STREAMED_BODY_PATHS).
  matcher: ["/((?!_next/static|_next/image|api/v1/ingest$|api/v1/audit/webhook$).*)"],
};
