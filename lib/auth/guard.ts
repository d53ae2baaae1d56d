import "server-only";
import { jsonError } from "@/lib/http/json";
import { timed } from "@/lib/metrics/http";
import { authenticate, SESSION_COOKIE, type Credentials } from "./authenticate";
import { authConfig } from "./config";
import { PEER_HEADER, peerAddress } from "./peer";
import { roleAllows, type Principal, type Role } from "./principal";

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

export function credentialsOf(headers: Headers): Credentials {
  return {
    authorization: headers.get("authorization"),
    sessionSecret: cookieValue(headers.get("cookie"), SESSION_COOKIE),
    peer: peerAddress(headers.get(PEER_HEADER)),
    header: (name) => headers.get(name),
  };
}

export function requestPeer(request: Request): string | null {
  return peerAddress(request.headers.get(PEER_HEADER));
}

/** Whether answers go out over https (the session cookie is then Secure, and HSTS is sent). */
export function servedOverHttps(request: Request): boolean {
  const config = authConfig();
  if (config.publicUrl) return config.publicUrl.protocol === "https:";
  return new URL(request.url).protocol === "https:";
}

type Handler<C> = (request: Request, context: C, principal: Principal) => Response | Promise<Response>;

/**
 * A route handler that answers only a principal with at least `role`: 401 JSON without credentials (or
 * with wrong ones), 403 JSON with too small a role. The handler gets the principal, whose scopes it must
 * pass on to every read.
 */
export function guard<C = unknown>(role: Role, handler: Handler<C>): (request: Request, context?: C) => Promise<Response> {
  // Next.js always passes the context; it is optional here so that a route without params can be called with the request alone.
  // Every API handler passes through here, so this is where request durations are measured.
  return timed<C>(async (request, context) => {
    const principal = await authenticate(credentialsOf(request.headers));
    if (!principal) {
      return Response.json(
        { error: "sign in first: POST /api/v1/login, or send Authorization: Bearer <token>" },
        { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="auditlens"' } },
      );
    }
    if (!roleAllows(principal.role, role)) return jsonError(403, `this needs the ${role} role; ${principal.name} has ${principal.role}`);
    return handler(request, context as C, principal);
  });
}
