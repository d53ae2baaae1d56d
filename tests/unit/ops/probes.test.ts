import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as healthz } from "@/app/healthz/route";
import { GET as readyz } from "@/app/readyz/route";
import { startLiveSources, stopLiveSources } from "@/lib/ingest/live-sources";
import { routePattern } from "@/lib/metrics/http";
import { startDraining } from "@/lib/ops/draining";
import { closeDb } from "@/lib/store/sqlite/db";
import { proxy } from "@/proxy";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-probes-"));
  process.env.AUDITLENS_DB = path.join(dir, "store.db");
  process.env.AUDITLENS_TAIL = path.join(dir, "audit.log");
});
afterAll(async () => {
  await stopLiveSources(0);
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
  delete process.env.AUDITLENS_DB;
  delete process.env.AUDITLENS_TAIL;
});

const ready = async () => {
  const response = await readyz();
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, string> } };
};

describe("health probes", () => {
  it("/healthz answers ok and nothing else", async () => {
    const response = healthz();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("ok\n");
  });

  it("/readyz passes once the live sources run, fails while shutting down, and names checks only", async () => {
    expect(await ready()).toEqual({
      status: 503,
      body: { status: "not ready", checks: { "store-writable": "pass", migrations: "pass", "live-sources": "fail", "not-shutting-down": "pass" } },
    });
    startLiveSources();
    expect((await ready()).status).toBe(200);
    startDraining();
    const draining = await ready();
    expect(draining.status).toBe(503);
    expect(draining.body.checks["not-shutting-down"]).toBe("fail");
  });
});

describe("proxy.ts in front of the probes", () => {
  // A kubelet sends the pod's IP as Host, which no configuration names.
  const fromKubelet = (p: string) => new NextRequest(`http://10.244.1.7:3000${p}`, { headers: { host: "10.244.1.7:3000" } });

  it("lets exactly /healthz and /readyz through from any Host, with the security headers", () => {
    for (const p of ["/healthz", "/readyz"]) {
      const response = proxy(fromKubelet(p));
      expect(response.status, p).toBe(200);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    }
    for (const p of ["/metrics", "/api/v1/summary", "/", "/healthz/x", "/readyzz"]) expect(proxy(fromKubelet(p)).status, p).toBe(421);
  });
});

describe("the route label of a request's duration", () => {
  it("names each dynamic segment by its parameter, so that one route is one label", () => {
    expect(routePattern("/api/v1/requests/abc%2F1", { id: "abc/1" })).toBe("/api/v1/requests/[id]");
    expect(routePattern("/api/v1/summary", {})).toBe("/api/v1/summary");
  });
});
