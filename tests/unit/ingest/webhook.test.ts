import fs from "node:fs";
import path from "node:path";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { receiveWebhook, type WebhookConfig } from "@/lib/ingest/webhook";
import { listRequestsFrom, summaryFrom } from "@/lib/store/sqlite/requests";
import { listRunsFrom } from "@/lib/store/sqlite/runs";
import { CORPUS_DIR, corpusPresent } from "../../support/corpus";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import type { Db } from "@/lib/store/sqlite/db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

const config: WebhookConfig = { AUDITLENS_WEBHOOK_TOKEN: "s3cret", AUDITLENS_WEBHOOK_MAX_BYTES: 1024 * 1024, AUDITLENS_WEBHOOK_QUEUE: 8 };
const auth = "Bearer s3cret";

/** Items as the webhook backend sends them: no kind/apiVersion of their own. */
function eventList(events: object[]): string {
  const items = events.map((e) => {
    const { kind: _k, apiVersion: _a, ...rest } = e as Record<string, unknown>;
    return rest;
  });
  return JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", metadata: {}, items });
}

function batch(prefix: string, n: number): object[] {
  return Array.from({ length: n }, (_, i) => makeEvent({ auditID: `${prefix}-${i}` }));
}

async function* bytesOf(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const post = (db: Db, body: string | null, opts: { authorization?: string | null; cluster?: string; config?: WebhookConfig } = {}) =>
  receiveWebhook(
    sqliteIngestTarget(db),
    { authorization: opts.authorization === undefined ? auth : opts.authorization, contentLength: body === null ? null : Buffer.byteLength(body), body: body === null ? null : bytesOf(body) },
    opts.cluster ?? "prod",
    opts.config ?? config,
  );

describe("audit webhook receiver", () => {
  it("stores an EventList batch and tags it with the cluster", async () => {
    const { db } = tempDb();
    const outcome = await post(db, eventList(batch("a", 400)), { cluster: "east" });
    expect(outcome).toMatchObject({ status: 200, summary: { events: 400, added: 400, duplicates: 0, invalid: 0, requests: 400 } });
    expect(summaryFrom(db)).toMatchObject({ requests: 400, events: 400 });
    expect(listRequestsFrom(db, { cluster: ["east"] }, { limit: 1, cursor: undefined }).total).toBe(400);
  });

  it("absorbs a retried delivery: the second copy adds nothing", async () => {
    const { db } = tempDb();
    const body = eventList(batch("r", 50));
    await post(db, body);
    expect(await post(db, body)).toMatchObject({ status: 200, summary: { added: 0, duplicates: 50 } });
    expect(summaryFrom(db).events).toBe(50);
  });

  it("accepts a single Event as well as a list", async () => {
    const { db } = tempDb();
    expect(await post(db, JSON.stringify(makeEvent({ auditID: "one" })))).toMatchObject({ status: 200, summary: { added: 1 } });
  });

  it("counts concurrent deliveries exactly, in any order", async () => {
    const { db } = tempDb();
    const bodies = [0, 1, 2, 3, 4].map((i) => eventList(batch(`c${i}`, 100)));
    const outcomes = await Promise.all([...bodies, ...bodies.slice(0, 2)].reverse().map((b) => post(db, b)));
    expect(outcomes.every((o) => o.status === 200)).toBe(true);
    expect(summaryFrom(db)).toMatchObject({ requests: 500, events: 500 });
    const run = listRunsFrom(db, 10).filter((r) => r.source === "webhook");
    expect(run).toHaveLength(1);
    expect(run[0]).toMatchObject({ events: 700, added: 500, duplicates: 200, status: "running" });
  });

  it("refuses a wrong or missing token, and stores nothing", async () => {
    const { db } = tempDb();
    expect(await post(db, eventList(batch("t", 3)), { authorization: "Bearer nope" })).toMatchObject({ status: 401 });
    expect(await post(db, eventList(batch("t", 3)), { authorization: null })).toMatchObject({ status: 401 });
    expect(await post(db, eventList(batch("t", 3)), { authorization: "s3cret" })).toMatchObject({ status: 401 });
    expect(summaryFrom(db).events).toBe(0);
  });

  it("is disabled with a clear message when no token is configured", async () => {
    const { db } = tempDb();
    const outcome = await post(db, eventList(batch("d", 1)), { config: { ...config, AUDITLENS_WEBHOOK_TOKEN: undefined } });
    expect(outcome).toMatchObject({ status: 503, error: expect.stringMatching(/AUDITLENS_WEBHOOK_TOKEN/) });
  });

  it("rejects an oversize body before and while reading it", async () => {
    const { db } = tempDb();
    const big = eventList(batch("big", 2000));
    expect(Buffer.byteLength(big)).toBeGreaterThan(config.AUDITLENS_WEBHOOK_MAX_BYTES);
    expect(await post(db, big)).toMatchObject({ status: 413 });
    const unannounced = await receiveWebhook(sqliteIngestTarget(db), { authorization: auth, contentLength: null, body: bytesOf(big) }, "prod", config);
    expect(unannounced).toMatchObject({ status: 413 });
    expect(summaryFrom(db).events).toBe(0);
  });

  it("counts the limit on the body once decompressed: a small gzip of many lines is a 413 naming it", async () => {
    const { db } = tempDb();
    const lines = batch("z", 4000).map((e) => JSON.stringify(e)).join("\n");
    const gz = gzipSync(lines);
    expect(gz.length).toBeLessThan(config.AUDITLENS_WEBHOOK_MAX_BYTES);
    expect(lines.length).toBeGreaterThan(config.AUDITLENS_WEBHOOK_MAX_BYTES);
    const outcome = await receiveWebhook(sqliteIngestTarget(db), { authorization: auth, contentLength: gz.length, body: chunksOf(gz, 4096) }, "prod", config);
    expect(outcome).toMatchObject({ status: 413, error: `body exceeds the ${config.AUDITLENS_WEBHOOK_MAX_BYTES}-byte limit (AUDITLENS_WEBHOOK_MAX_BYTES, counted once decompressed)` });
  });

  it("parses and stores a body as it arrives, not once it is whole", async () => {
    const { db } = tempDb();
    const body = Buffer.from(eventList(batch("s", 6000)));
    let storedMidway = -1;
    async function* slowly(): AsyncGenerator<Uint8Array> {
      const half = Math.floor(body.length * 0.9);
      yield* chunksOf(body.subarray(0, half), 64 * 1024);
      // Wait (bounded) for the first write batch: a receiver that reads the whole body first never writes it.
      for (let i = 0; i < 500 && summaryFrom(db).events === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      storedMidway = summaryFrom(db).events;
      yield body.subarray(half);
    }
    const big = { ...config, AUDITLENS_WEBHOOK_MAX_BYTES: 16 * 1024 * 1024 };
    const outcome = await receiveWebhook(sqliteIngestTarget(db), { authorization: auth, contentLength: null, body: slowly() }, "prod", big);
    expect(outcome).toMatchObject({ status: 200, summary: { events: 6000, added: 6000, invalid: 0 } });
    expect(storedMidway).toBeGreaterThan(0);
  });

  it("keeps the events of a truncated gzip body before the break, and answers 400 naming it", async () => {
    const { db } = tempDb();
    const gz = gzipSync(batch("g", 2000).map((e) => JSON.stringify(e)).join("\n") + "\n");
    const cut = gz.subarray(0, Math.floor(gz.length / 2));
    const decodable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString().split("\n").length - 1;
    const big = { ...config, AUDITLENS_WEBHOOK_MAX_BYTES: 16 * 1024 * 1024 };
    const outcome = await receiveWebhook(sqliteIngestTarget(db), { authorization: auth, contentLength: cut.length, body: chunksOf(cut, 4096) }, "prod", big);
    expect(outcome).toMatchObject({ status: 400, error: expect.stringMatching(/^malformed body: truncated gzip data/), summary: { added: decodable } });
    expect(summaryFrom(db).events).toBe(decodable);
  });

  it("answers 400 with a specific message for malformed bodies and stores nothing", async () => {
    const { db } = tempDb();
    const truncated = eventList(batch("m", 5)).slice(0, -40);
    const outcome = await post(db, truncated);
    expect(outcome).toMatchObject({ status: 400, error: expect.stringMatching(/^malformed body: not JSON/) });
    expect(await post(db, '{"kind":"EventList","items":[{"hello":"world"}]}')).toMatchObject({
      status: 400,
      error: expect.stringMatching(/not an audit Event/),
    });
    expect(summaryFrom(db).events).toBe(0);
  });

  it("answers 429 with Retry-After when its queue is full", async () => {
    const { db } = tempDb();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    async function* slow(): AsyncGenerator<Uint8Array> {
      await held;
      yield Buffer.from(eventList(batch("slow", 1)));
    }
    const one = { ...config, AUDITLENS_WEBHOOK_QUEUE: 1 };
    const first = receiveWebhook(sqliteIngestTarget(db), { authorization: auth, contentLength: null, body: slow() }, "prod", one);
    expect(await post(db, eventList(batch("x", 1)), { config: one })).toMatchObject({ status: 429, retryAfter: 2 });
    release();
    expect(await first).toMatchObject({ status: 200 });
    expect(await post(db, eventList(batch("x", 1)), { config: one })).toMatchObject({ status: 200 });
  });
});

describe.skipIf(!corpusPresent)("webhook batches of real events from the corpus", () => {
  it("stores the falco events delivered as API-server batches, exactly once", async () => {
    const { db } = tempDb();
    const dir = path.join(CORPUS_DIR, "falco-k8s-audit");
    const events = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter((l) => l.trim()))
      .map((l) => JSON.parse(l) as object);
    expect(events.length).toBe(51);
    const batches = [events.slice(0, 20), events.slice(20, 40), events.slice(40)];
    for (const b of batches) expect(await post(db, eventList(b))).toMatchObject({ status: 200 });
    await post(db, eventList(batches[1]!));
    const distinct = new Set(events.map((e) => (e as { auditID: string }).auditID)).size;
    expect(summaryFrom(db)).toMatchObject({ events: 51, requests: distinct });
  });
});
