import { describe, expect, it } from "vitest";
import { authConfigFrom } from "@/lib/auth/config";
import { crossSiteRefusal, hostAllowed } from "@/lib/http/request-guard";
// @ts-expect-error: a plain .mjs script without types
import { bindAddress, bindRefusal } from "@/scripts/bind-address.mjs";

const open = authConfigFrom({});
const withUrl = authConfigFrom({ AUDITLENS_ACCESS_TOKEN: "0123456789abcdef", AUDITLENS_PUBLIC_URL: "https://audit.example.com" });

describe("Host check", () => {
  it("without sign-in answers loopback names only (a rebinding page's name is refused)", () => {
    for (const host of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST"]) expect(hostAllowed(host, open, false, "127.0.0.1")).toBe(true);
    expect(hostAllowed("attacker.example:3000", open, false, "127.0.0.1")).toBe(false);
    expect(hostAllowed(null, open, false, "127.0.0.1")).toBe(false);
  });

  it("answers the public URL's host and the allowed hosts", () => {
    expect(hostAllowed("audit.example.com", withUrl, true, "0.0.0.0")).toBe(true);
    expect(hostAllowed("other.example.com", withUrl, true, "0.0.0.0")).toBe(false);
    const listed = authConfigFrom({ AUDITLENS_ACCESS_TOKEN: "0123456789abcdef", AUDITLENS_ALLOWED_HOSTS: "a.internal, 10.0.0.5" });
    expect(hostAllowed("10.0.0.5:3000", listed, true, "0.0.0.0")).toBe(true);
    expect(hostAllowed("b.internal", listed, true, "0.0.0.0")).toBe(false);
  });
});

describe("cross-site writes", () => {
  const headers = (h: Record<string, string>) => new Headers({ host: "127.0.0.1:3000", ...h });

  it("refuses another origin, an opaque origin and a cross-site fetch", () => {
    expect(crossSiteRefusal("POST", headers({ origin: "https://evil.example", "content-type": "application/octet-stream" }), open)?.status).toBe(403);
    expect(crossSiteRefusal("DELETE", headers({ origin: "null" }), open)?.status).toBe(403);
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "cross-site" }), open)?.status).toBe(403);
  });

  it("refuses form and text/plain bodies, which any site can send", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "TEXT/PLAIN;charset=UTF-8"]) {
      expect(crossSiteRefusal("POST", headers({ "content-type": type, origin: "http://127.0.0.1:3000" }), open)?.status).toBe(415);
    }
  });

  it("lets the same origin and scripts (no Origin) through, and never checks reads", () => {
    expect(crossSiteRefusal("POST", headers({ origin: "http://127.0.0.1:3000", "content-type": "application/json" }), open)).toBeNull();
    expect(crossSiteRefusal("POST", headers({ "content-type": "application/gzip" }), open)).toBeNull();
    expect(crossSiteRefusal("POST", headers({ "sec-fetch-site": "same-origin" }), open)).toBeNull();
    expect(crossSiteRefusal("GET", headers({ origin: "https://evil.example" }), open)).toBeNull();
    expect(crossSiteRefusal("POST", new Headers({ host: "10.0.0.1", origin: "https://audit.example.com" }), withUrl)).toBeNull();
  });
});

describe("npm start's address", () => {
  it("is 127.0.0.1 unless HOST, AUDITLENS_HOST or -H says otherwise", () => {
    expect(bindAddress([], {}).host).toBe("127.0.0.1");
    expect(bindAddress([], { HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(bindAddress([], { HOST: "0.0.0.0", AUDITLENS_HOST: "10.0.0.2" }).host).toBe("10.0.0.2");
    expect(bindAddress(["-H", "::", "--foo"], { HOST: "0.0.0.0" })).toEqual({ host: "::", rest: ["--foo"] });
  });

  it("refuses to serve beyond loopback without a sign-in method, saying how to configure one", () => {
    expect(bindRefusal("127.0.0.1", {})).toBeNull();
    expect(bindRefusal("::1", {})).toBeNull();
    expect(bindRefusal("0.0.0.0", {})).toContain("AUDITLENS_ACCESS_TOKEN");
    expect(bindRefusal("0.0.0.0", { AUDITLENS_USERS_FILE: "users.yaml" })).toBeNull();
  });
});

describe("routes that stream their bodies, which the proxy does not see", () => {
  it("refuse a foreign host and a cross-site write themselves, and carry the security headers", async () => {
    const { POST: ingest } = await import("@/app/api/v1/ingest/route");
    const { POST: webhook } = await import("@/app/api/v1/audit/webhook/route");
    for (const route of [ingest, webhook]) {
      const rebound = await route(new Request("http://rebind.example/api/v1/ingest", { method: "POST", headers: { host: "rebind.example" }, body: "x" }));
      expect(rebound.status).toBe(421);
      expect(rebound.headers.get("content-security-policy")).toContain("default-src 'none'");
      const form = await route(new Request("http://127.0.0.1/api/v1/ingest", { method: "POST", headers: { host: "127.0.0.1", "content-type": "text/plain" }, body: "x" }));
      expect(form.status).toBe(415);
      const foreign = await route(new Request("http://127.0.0.1/api/v1/ingest", { method: "POST", headers: { host: "127.0.0.1", origin: "https://evil.example", "content-type": "application/octet-stream" }, body: "x" }));
      expect(foreign.status).toBe(403);
      expect(foreign.headers.get("x-frame-options")).toBe("DENY");
    }
  });
});
