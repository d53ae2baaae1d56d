import { NextResponse, type NextRequest } from "next/server";
import { authConfig, signInEnabled } from "@/lib/auth/config";
import { crossSiteRefusal, hostAllowed, NON_PAGE_PATHS, PATH_HEADER, PROBE_PATHS } from "@/lib/http/request-guard";
import { isMalformedPath } from "@/lib/http/malformed-path";
import { API_POLICY, commonSecurityHeaders, pagePolicy } from "@/lib/http/security-headers";

/**
 * In front of every page and API route: refuses a path that cannot be decoded (Next.js would answer it
 * with a bare 500), a foreign Host (DNS rebinding) and cross-site writes, and sets the security headers. Who may see what is decided by each route and page (lib/auth), not here.
 */
export function proxy(request: NextRequest): NextResponse {
  const config = authConfig();
  const https = config.publicUrl ? config.publicUrl.protocol === "https:" : request.nextUrl.protocol === "https:";
  const isApi = request.nextUrl.pathname.startsWith("/api/") || NON_PAGE_PATHS.has(request.nextUrl.pathname);
  const refuse = (status: number, error: string) => withHeaders(NextResponse.json({ error }, { status }), API_POLICY, https);

  if (isMalformedPath(request.nextUrl.pathname)) {
    const response = new NextResponse("400 Bad Request: the path's percent-encoding is not valid UTF-8.\n", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
    return withHeaders(response, API_POLICY, https);
  }
  if (!PROBE_PATHS.has(request.nextUrl.pathname) && !hostAllowed(request.headers.get("host"), config, signInEnabled(config), process.env.AUDITLENS_BIND)) {
    return refuse(421, "this Auditlens does not answer to that host name: set AUDITLENS_PUBLIC_URL or AUDITLENS_ALLOWED_HOSTS");
  }
  const crossSite = crossSiteRefusal(request.method, request.headers, config);
  if (crossSite) return refuse(crossSite.status, crossSite.error);

  const forwarded = new Headers(request.headers);
  forwarded.delete(PATH_HEADER);
  if (isApi) return withHeaders(NextResponse.next({ request: { headers: forwarded } }), API_POLICY, https);

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pagePolicy(nonce, https, process.env.NODE_ENV === "development");
  forwarded.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
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
  // Static build output carries the same headers through next.config.js.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
