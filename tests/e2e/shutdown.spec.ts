import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";

/**
 * A real `npm start` (scripts/start.mjs) on the production build, with a store of its own, stopped with
 * SIGTERM in the middle of a burst of webhook deliveries: every delivery it answered 200 must be in the
 * store afterwards, and it must exit 0. It listens on a port the OS picks (-p 0), read from its log.
 */
const TOKEN = "shutdown-webhook-token";
const DELIVERIES = 40;
const EVENTS_PER_DELIVERY = 200;

function eventList(delivery: number): string {
  const now = Date.now();
  const items = Array.from({ length: EVENTS_PER_DELIVERY }, (_, i) => {
    const t = new Date(now - 60_000 + i).toISOString();
    return {
      level: "Metadata",
      auditID: `burst-${delivery}-${i}`,
      stage: "ResponseComplete",
      requestURI: `/api/v1/namespaces/burst/configmaps/cm-${i}`,
      verb: "update",
      user: { username: "burst-tester", groups: ["system:authenticated"] },
      sourceIPs: ["10.1.2.3"],
      objectRef: { resource: "configmaps", namespace: "burst", name: `cm-${i}`, apiVersion: "v1" },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: t,
      stageTimestamp: t,
    };
  });
  return JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", metadata: {}, items });
}

type Server = { child: ChildProcess; url: Promise<string>; exited: Promise<number | null>; lines: string[] };

function startServer(dir: string): Server {
  const child = spawn(process.execPath, [path.resolve("scripts/start.mjs")], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      AUDITLENS_DB: path.join(dir, "auditlens.db"),
      AUDITLENS_WEBHOOK_TOKEN: TOKEN,
      AUDITLENS_LOG_FORMAT: "json",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let resolveUrl: (url: string) => void;
  const url = new Promise<string>((resolve) => (resolveUrl = resolve));
  let pending = "";
  const take = (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const parts = pending.split("\n");
    pending = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      const local = /Local:\s+(http:\/\/[^\s"]+)/.exec(line);
      if (local) resolveUrl(local[1]!);
    }
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, url, exited, lines };
}

let dir: string;
test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-shutdown-"));
});
test.afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test("SIGTERM during a webhook burst loses no acknowledged delivery and exits 0", async ({ request }) => {
  const server = startServer(dir);
  try {
    const base = await server.url;
    await expect.poll(async () => (await request.get(`${base}/readyz`).catch(() => null))?.status(), { timeout: 60_000 }).toBe(200);

    let answered = 0;
    let signalled = false;
    const deliveries = Array.from({ length: DELIVERIES }, (_, i) =>
      request
        .post(`${base}/api/v1/audit/webhook`, { headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, data: eventList(i) })
        .then((response) => response.status())
        .catch(() => null) // refused once the server stopped listening: not acknowledged
        .then((status) => {
          // Once a few are stored and the rest are still being sent or stored: stop the server.
          if (++answered === 5 && !signalled) {
            signalled = true;
            server.child.kill("SIGTERM");
          }
          return status;
        }),
    );
    const statuses = await Promise.all(deliveries);
    expect(signalled).toBe(true);
    expect(await server.exited).toBe(0);

    const acknowledged = statuses.flatMap((s, i) => (s === 200 ? [i] : []));
    expect(acknowledged.length).toBeGreaterThanOrEqual(4);
    // What is not acknowledged was refused (503 while draining, 429 with the queue full) or never connected.
    for (const s of statuses) expect([200, 429, 503, null]).toContain(s);

    const store = new Database(path.join(dir, "auditlens.db"), { readonly: true });
    try {
      const stored = new Set(store.prepare<[], { audit_id: string }>("SELECT audit_id FROM requests WHERE audit_id LIKE 'burst-%'").all().map((r) => r.audit_id));
      for (const i of acknowledged) {
        const missing = Array.from({ length: EVENTS_PER_DELIVERY }, (_, j) => `burst-${i}-${j}`).filter((id) => !stored.has(id));
        expect(missing, `delivery ${i} was answered 200`).toEqual([]);
      }
      // A clean stop ends the webhook's run as done, not as interrupted.
      expect(store.prepare("SELECT status FROM runs WHERE source = 'webhook'").all()).toEqual([{ status: "done" }]);
    } finally {
      store.close();
    }
    // AUDITLENS_LOG_FORMAT=json: every line the server printed, Next.js's own included, is a JSON object.
    for (const line of server.lines.filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
    expect(server.lines.some((l) => (JSON.parse(l) as { message?: string }).message === "stopped")).toBe(true);
  } finally {
    if (server.child.exitCode === null) server.child.kill("SIGKILL");
  }
});
