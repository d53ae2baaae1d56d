import { authConfig, signInEnabled } from "@/lib/auth/config";
import { requestRefusal } from "./request-guard";
import { API_POLICY, commonSecurityHeaders } from "./security-headers";

/**
 * A route whose body streams into ingest, which proxy.ts does not see (it would buffer the body): the
 * same refusals and security headers as every other route, applied here.
 */
// The context is passed through untyped: Next.js checks a route's exports against its own context type.
export function streamedRoute(handler: (request: Request, context?: unknown) => Promise<Response>): (request: Request, context?: unknown) => Promise<Response> {
  return async (request, context) => {
    const config = authConfig();
    const url = new URL(request.url);
    // Next.js builds request.url from the Host header; a request made in-process may carry the URL alone.
    const host = request.headers.get("host") ?? url.host;
    const https = config.publicUrl ? config.publicUrl.protocol === "https:" : url.protocol === "https:";
    const refusal = requestRefusal({ method: request.method, pathname: url.pathname, host, headers: request.headers }, config, signInEnabled(config), process.env.AUDITLENS_BIND);
    const response = refusal ? Response.json({ error: refusal.error }, { status: refusal.status }) : await handler(request, context);
    response.headers.set("Content-Security-Policy", API_POLICY);
    for (const [k, v] of Object.entries(commonSecurityHeaders(https))) response.headers.set(k, v);
    return response;
  };
}
