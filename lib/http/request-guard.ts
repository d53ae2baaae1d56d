import type { AuthConfig } from "@/lib/auth/config";
import { isMalformedPath } from "./malformed-path";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** The host name of a Host header or URL host, lowercased, without its port. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.lastIndexOf(":");
  return colon > 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

/**
 * Whether to answer a request sent to this Host. Loopback names always; otherwise the host of
 * AUDITLENS_PUBLIC_URL, AUDITLENS_ALLOWED_HOSTS, or the address `npm start` bound. A served-on-loopback
 * Auditlens without sign-in refuses every other name: a page on another site whose name was made to resolve
 * to 127.0.0.1 (DNS rebinding) would otherwise read it. With sign-in on and no list configured, any name is
 * answered: a rebinding page holds no credentials for it.
 */
export function hostAllowed(host: string | null, config: AuthConfig, signInOn: boolean, bindAddress: string | undefined): boolean {
  if (!host) return false;
  const name = hostName(host);
  if (LOOPBACK_NAMES.has(name)) return true;
  if (config.publicUrl && hostName(config.publicUrl.host) === name) return true;
  if (config.allowedHosts.some((h) => hostName(h) === name)) return true;
  if (bindAddress && !["0.0.0.0", "::", "[::]"].includes(bindAddress) && hostName(bindAddress) === name) return true;
  return signInOn && !config.publicUrl && config.allowedHosts.length === 0;
}

/**
 * Kubernetes probes send the pod's IP as Host, a name no configuration lists: these two paths answer any
 * Host. They hold no data and take no credentials, so a rebinding page learns nothing from them.
 */
export const PROBE_PATHS: ReadonlySet<string> = new Set(["/healthz", "/readyz"]);

/** Paths that answer like the API (no page, no page policy) though they are not under /api. */
export const NON_PAGE_PATHS: ReadonlySet<string> = new Set([...PROBE_PATHS, "/metrics"]);

/** Set by proxy.ts on every page request: the path and query the browser asked for, to return to after sign-in. */
export const PATH_HEADER = "x-auditlens-path";

export const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Body types an HTML form (or a no-cors fetch) can send to another site without a preflight. */
const FORM_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Why a state-changing request must be refused, or null. A browser names the page's origin in
 * `Origin` (or at least says `Sec-Fetch-Site`) on every such request; scripts send neither and are judged by
 * their credentials alone. No route takes a form, so a form's body type is refused outright.
 */
export function crossSiteRefusal(method: string, headers: Headers, config: AuthConfig): { status: 403 | 415; error: string } | null {
  if (!UNSAFE_METHODS.has(method.toUpperCase())) return null;
  const type = (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (FORM_TYPES.includes(type)) return { status: 415, error: `a ${type} body is not accepted: send JSON (application/json) or a file (application/octet-stream)` };
  const reason = crossSiteReason(headers, config);
  return reason ? { status: 403, error: reason } : null;
}

function crossSiteReason(headers: Headers, config: AuthConfig): string | null {
  const origin = headers.get("origin");
  if (origin !== null) {
    if (origin === "null") return "a request from an opaque origin is refused";
    let originHost: string;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      return "the Origin header is not a URL";
    }
    const host = (headers.get("host") ?? "").toLowerCase();
    if (originHost === host || (config.publicUrl && config.publicUrl.origin === origin)) return null;
    return `cross-site request refused: Origin ${origin} is not this site`;
  }
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `cross-site request refused (Sec-Fetch-Site: ${site})`;
  return null;
}

/** Routes whose bodies are streamed into ingest: the proxy would buffer them (10 MB at most), so they check themselves. */
export const STREAMED_BODY_PATHS: ReadonlySet<string> = new Set(["/api/v1/ingest", "/api/v1/audit/webhook"]);

export type Refusal = { status: number; error: string };

/**
 * What every request is checked for before any route sees it: a path that cannot be decoded (Next.js
 * would answer it with a bare 500), a Host this Auditlens does not answer to (DNS rebinding; the probes
 * excepted, as a kubelet names the pod's IP), and a cross-site write.
 */
export function requestRefusal(
  request: { method: string; pathname: string; host: string | null; headers: Headers },
  config: AuthConfig,
  signInOn: boolean,
  bindAddress: string | undefined,
): Refusal | null {
  const { method, pathname, headers } = request;
  if (isMalformedPath(pathname)) return { status: 400, error: "the path's percent-encoding is not valid UTF-8" };
  if (!PROBE_PATHS.has(pathname) && !hostAllowed(request.host, config, signInOn, bindAddress)) {
    return { status: 421, error: "this Auditlens does not answer to that host name: set AUDITLENS_PUBLIC_URL or AUDITLENS_ALLOWED_HOSTS" };
  }
  return crossSiteRefusal(method, headers, config);
}
