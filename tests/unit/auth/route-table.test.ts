import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/store/sqlite/db";
import { tempDir } from "../helpers/temp-dir";

/**
 * Generated from the route files: every API route answers a request without credentials with 401 once
 * sign-in is on, so a new route cannot be added without its access check. The exceptions sign people in
 * and out, check a credential of their own (the webhook's token), or are health probes with no data.
 */
const APP = path.resolve(__dirname, "../../../app");
const OWN_ACCESS: Record<string, { why: string; status: number }> = {
  "api/v1/login": { why: "it is how one signs in ({} is no credential)", status: 400 },
  "api/v1/logout": { why: "it only ends the caller's own session", status: 204 },
  "api/v1/login/oidc": { why: "it starts a sign-in (OpenID Connect is not configured here)", status: 404 },
  "api/v1/login/oidc/callback": { why: "it completes a sign-in (OpenID Connect is not configured here)", status: 404 },
  "api/v1/audit/webhook": { why: "the API server proves itself with AUDITLENS_WEBHOOK_TOKEN (unset here)", status: 503 },
  healthz: { why: "a Kubernetes liveness probe, which holds no credentials; it answers only ok", status: 200 },
  readyz: { why: "a Kubernetes readiness probe; pass/fail per check only (503: live sources are started by instrumentation.ts, not here)", status: 503 },
};
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return e.name === "route.ts" ? [full] : [];
  });
}

/** The route's URL path with a sample value in each dynamic segment. */
function samplePath(file: string): string {
  return path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => (s.startsWith("[") ? "1" : s))
    .join("/");
}

let dir: string;
beforeAll(() => {
  dir = tempDir("auditlens-routes-");
  process.env.AUDITLENS_DB = path.join(dir, "store.db");
  process.env.AUDITLENS_ACCESS_TOKEN = "route-table-test-token-0123456789";
});
afterAll(() => {
  closeDb();
  delete process.env.AUDITLENS_DB;
  delete process.env.AUDITLENS_ACCESS_TOKEN;
});

const routes = routeFiles(APP).map((file) => ({ file, route: path.relative(APP, path.dirname(file)) }));

describe("every API route refuses a request without credentials when sign-in is on", () => {
  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(15);
  });

  it.each(routes)("$route", async ({ file, route }) => {
    const mod = (await import(file)) as Record<string, unknown>;
    const handlers = METHODS.filter((m) => typeof mod[m] === "function");
    expect(handlers.length).toBeGreaterThan(0);
    for (const method of handlers) {
      const url = `http://127.0.0.1/${samplePath(file)}`;
      const request = new Request(url, { method, ...(method === "GET" ? {} : { headers: { "content-type": "application/json" }, body: "{}" }) });
      const handler = mod[method] as (r: Request, c: unknown) => Promise<Response>;
      const response = await handler(request, { params: Promise.resolve({ id: "1", user: "alice" }) });
      expect(response.status, `${method} /${route}`).toBe(OWN_ACCESS[route]?.status ?? 401);
    }
  });
});
