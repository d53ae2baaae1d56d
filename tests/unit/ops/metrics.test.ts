import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as webhook } from "@/app/api/v1/audit/webhook/route";
import { GET as metricsRoute } from "@/app/metrics/route";
import { webhookStatus } from "@/lib/ingest/webhook";
import { closeDb, ingestDb } from "@/lib/store/sqlite/db";
import { makeEvent, jsonLines } from "../helpers/events";
import { ingestEvents } from "../helpers/ingest-events";

const TOKEN = "metrics-test-access-token-0123456789";
const ENV = {
  AUDITLENS_WEBHOOK_TOKEN: "hook-token",
  AUDITLENS_WEBHOOK_QUEUE: "1",
  AUDITLENS_ACCESS_TOKEN: TOKEN,
} as const;

// One store for the whole file (tempDir's is removed after each test): the process-wide connections keep it open.
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-metrics-"));
  process.env.AUDITLENS_DB = path.join(dir, "store.db");
  Object.assign(process.env, ENV);
});
afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
  for (const k of ["AUDITLENS_DB", "AUDITLENS_METRICS_PUBLIC", ...Object.keys(ENV)]) delete process.env[k];
});

function eventList(prefix: string, n: number): string {
  const items = Array.from({ length: n }, (_, i) => makeEvent({ auditID: `${prefix}-${i}` }));
  return JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", items });
}

const deliver = (body: BodyInit, authorization = "Bearer hook-token") =>
  webhook(new Request("http://127.0.0.1/api/v1/audit/webhook", { method: "POST", headers: { authorization, "content-type": "application/json" }, body, duplex: "half" } as RequestInit));

const scrape = async (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => {
  const response = await metricsRoute(new Request("http://127.0.0.1/metrics", { headers }), { params: Promise.resolve({}) });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
};

/** The value of one sample line, `name{labels} value`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /metrics", () => {
  it("needs sign-in unless AUDITLENS_METRICS_PUBLIC=1, and refuses a value it does not know", async () => {
    expect((await scrape({})).status).toBe(401);
    process.env.AUDITLENS_METRICS_PUBLIC = "1";
    expect((await scrape({})).status).toBe(200);
    process.env.AUDITLENS_METRICS_PUBLIC = "yes";
    await expect(scrape({})).rejects.toThrow(/AUDITLENS_METRICS_PUBLIC/);
    delete process.env.AUDITLENS_METRICS_PUBLIC;
  });

  it("counts what each source stored, webhook answers by status, and request durations by route", async () => {
    await ingestEvents(ingestDb(), [makeEvent({ auditID: "cli-1" }), makeEvent({ auditID: "cli-2" })]);

    // A delivery whose body is still arriving holds the only place in the queue (AUDITLENS_WEBHOOK_QUEUE=1).
    let finish!: () => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(eventList("hook", 3)));
        finish = () => controller.close();
      },
    });
    const held = deliver(body);
    await vi.waitFor(() => expect(webhookStatus().inFlight).toBe(1));
    expect((await deliver(eventList("late", 1))).status).toBe(429);
    finish();
    expect((await held).status).toBe(200);
    expect((await deliver(eventList("x", 1), "Bearer wrong")).status).toBe(401);
    expect((await deliver(`${jsonLines([makeEvent({ auditID: "ok-1" })])}this is not json\n`)).status).toBe(400);

    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(text, 'auditlens_ingested_events_total{source="cli"}')).toBe(2);
    expect(sample(text, 'auditlens_ingested_events_total{source="webhook"}')).toBe(4);
    expect(sample(text, 'auditlens_ingested_requests_total{source="cli"}')).toBe(2);
    expect(sample(text, 'auditlens_ingested_events_total{source="tail"}')).toBe(0);
    expect(sample(text, 'auditlens_invalid_lines_total{source="webhook"}')).toBe(1);
    expect(sample(text, 'auditlens_webhook_deliveries_total{status="200"}')).toBe(1);
    expect(sample(text, 'auditlens_webhook_deliveries_total{status="429"}')).toBe(1);
    expect(sample(text, 'auditlens_webhook_deliveries_total{status="401"}')).toBe(1);
    expect(sample(text, 'auditlens_webhook_deliveries_total{status="400"}')).toBe(1);
    expect(sample(text, "auditlens_webhook_in_flight")).toBe(0);
    expect(sample(text, "auditlens_webhook_queue_limit")).toBe(1);
    expect(sample(text, "auditlens_store_size_bytes")).toBeGreaterThan(0);
    expect(sample(text, 'auditlens_http_request_duration_seconds_count{route="/api/v1/audit/webhook",method="POST",status="429"}')).toBe(1);
    expect(sample(text, 'auditlens_http_request_duration_seconds_count{route="/metrics",method="GET",status="401"}')).toBeGreaterThanOrEqual(1);
  });
});
