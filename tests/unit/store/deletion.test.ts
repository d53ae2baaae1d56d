import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { normalizeEvent } from "@/lib/ingest/normalize";
import type { Filter } from "@/lib/query/filter";
import { DIMENSIONS } from "@/lib/store/types";
import { compressBlock, type PackedBlock } from "@/lib/store/raw-blocks";
import { openIngestDb, type Db } from "@/lib/store/sqlite/db";
import { collectBlocks } from "@/lib/store/sqlite/block-collector";
import { deleteBefore, deleteRun, RunInProgressError } from "@/lib/store/sqlite/deletion";
import { getRequestFrom, listRequestsFrom, summaryFrom } from "@/lib/store/sqlite/requests";
import { createRun, listRunsFrom } from "@/lib/store/sqlite/runs";
import { decodeStageEvents } from "@/lib/store/sqlite/stage-events";
import { statsFrom } from "@/lib/store/sqlite/stats";
import { BatchWriter } from "@/lib/store/sqlite/writer";
import { parseMicros } from "@/lib/time/micros";
import { makeEvent } from "../helpers/events";
import { ingestEvents } from "../helpers/ingest-events";
import { tempDb } from "../helpers/temp-db";

const START_US = Date.UTC(2024, 4, 10, 12, 0, 0) * 1000;
const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString().replace("Z", `${String(us % 1000).padStart(3, "0")}Z`);
const USERS = ["alice", "bob", "system:node:n1", "system:serviceaccount:ci:deployer"];
const VERBS = ["get", "list", "create", "patch", "delete"];
const NAMESPACES = ["prod", "dev", "kube-system"];
const CODES = [200, 201, 403, 404, 409];

type Fixture = { early: AuditEvent[]; late: AuditEvent[] };

/**
 * 300 requests over two days. `early` holds every RequestReceived and a third of the completions;
 * `late` (ingested as a second run) the other completions, some of them carrying another user agent,
 * code or message than the first run's stage said, and a few a second, conflicting copy of a stage the
 * first run also stored.
 */
function fixture(): Fixture {
  const early: AuditEvent[] = [];
  const late: AuditEvent[] = [];
  for (let i = 0; i < 300; i++) {
    const receivedUs = START_US + Math.floor(((i * 7919) % 300) * 576e6) + i;
    const common = {
      auditID: `11111111-0000-4000-8000-${String(i).padStart(12, "0")}`,
      verb: VERBS[i % VERBS.length]!,
      user: { username: USERS[i % USERS.length]!, groups: ["system:authenticated"] },
      sourceIPs: [`10.0.0.${i % 3}`],
      userAgent: "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
      objectRef: { resource: "pods", namespace: NAMESPACES[i % NAMESPACES.length], name: `web-${i % 11}`, apiVersion: "v1" },
      requestURI: `/api/v1/namespaces/${NAMESPACES[i % NAMESPACES.length]}/pods/web-${i % 11}`,
      requestReceivedTimestamp: iso(receivedUs),
    };
    early.push(makeEvent({ ...common, stage: "RequestReceived", stageTimestamp: iso(receivedUs), responseStatus: undefined, annotations: undefined }));
    const complete = (extra: Partial<AuditEvent> & Record<string, unknown>) =>
      makeEvent({
        ...common,
        stage: "ResponseComplete",
        stageTimestamp: iso(receivedUs + 20_000 + i),
        responseStatus: { metadata: {}, code: CODES[i % CODES.length]! } as AuditEvent["responseStatus"],
        ...extra,
      });
    if (i % 3 === 0) early.push(complete({}));
    else late.push(complete(i % 4 === 0 ? { userAgent: "curl/8.5.0", responseStatus: { metadata: {}, code: 500, message: `boom ${i}` } as AuditEvent["responseStatus"] } : {}));
    // The same stage again with other content: the later copy is a conflict while the first stays.
    if (i % 10 === 3) late.push(complete({ stageTimestamp: iso(receivedUs + 99_000), responseStatus: { metadata: {}, code: 504 } as AuditEvent["responseStatus"] }));
  }
  return { early, late };
}

const FILTERS: Filter[] = [{}, { noise: "hide" }, { user: ["alice"] }, { q: "code:>=400" }, { q: "boom" }, { q: "ua:curl" }, { range: "24h" }];

/** What a user can read of the store, with nothing that depends on row ids. */
function observe(db: Db) {
  const stats = FILTERS.flatMap((filter) =>
    (["verb", "code", "user"] as const).map((stack) => {
      const s = statsFrom(db, filter, { stack }, { facetLimit: 500 });
      return { total: s.total, timeline: s.timeline, series: s.series, facets: DIMENSIONS.map((d) => s.facets[d]) };
    }),
  );
  const page = listRequestsFrom(db, {}, { limit: 1000 });
  const requests = page.items.map(({ id, ...row }) => {
    const detail = getRequestFrom(db, id)!;
    return { ...row, message: detail.message, events: detail.events.map(({ runId: _run, ...e }) => e) };
  });
  const found = FILTERS.map((filter) => listRequestsFrom(db, filter, { limit: 1000 }).items.map((r) => r.auditID));
  const { clusters: _c, ...summary } = summaryFrom(db);
  return { stats, requests, found, summary };
}

const referencedBlocks = (db: Db) =>
  new Set(db.prepare<[], { events: Buffer }>("SELECT events FROM requests").all().flatMap((r) => decodeStageEvents(r.events).map((e) => e.blockId)));
const blockIds = (db: Db) => new Set(db.prepare<[], { id: number }>("SELECT id FROM blocks").all().map((r) => r.id));

describe("deleting a run", () => {
  it("leaves the store a fresh ingest of the other runs' events would make", async () => {
    const { early, late } = fixture();
    const { db } = tempDb();
    const first = await ingestEvents(db, early);
    await ingestEvents(db, late);
    const { db: fresh } = tempDb();
    await ingestEvents(fresh, late);

    const removed = await deleteRun(db, first.runId);
    expect(removed).toMatchObject({ runs: 1 });
    // Requests with an event from the second run keep it (a completion, or a conflicting second copy); 90 had only the first run's.
    expect(removed!.rewritten).toBeGreaterThan(0);
    expect(removed!.requests).toBe(90);
    expect(observe(db)).toEqual(observe(fresh));
    expect(listRunsFrom(db, 10).map((r) => r.runId)).not.toContain(first.runId);
  });

  it("drops the blocks only the run's events were in, and keeps every block another run points into", async () => {
    const { early, late } = fixture();
    const { db } = tempDb();
    const first = await ingestEvents(db, early);
    await ingestEvents(db, late);
    const removed = await deleteRun(db, first.runId);
    expect(removed!.blocks).toBeGreaterThan(0);
    expect(blockIds(db)).toEqual(referencedBlocks(db));
  });

  it("refuses a run that is still being written, and says when there is no such run", async () => {
    const { db } = tempDb();
    const runId = createRun(db, "upload", "big.log", "default");
    await expect(deleteRun(db, runId)).rejects.toBeInstanceOf(RunInProgressError);
    expect(await deleteRun(db, runId + 1)).toBeNull();
  });
});

describe("deleting before a time", () => {
  it("leaves the store a fresh ingest of the later requests' events would make", async () => {
    const { early, late } = fixture();
    const { db } = tempDb();
    await ingestEvents(db, early);
    await ingestEvents(db, late);
    const cutoff = START_US + 30 * 3600e6;
    const after = (e: AuditEvent) => parseMicros(e.requestReceivedTimestamp!) >= cutoff;
    const { db: fresh } = tempDb();
    await ingestEvents(fresh, early.filter(after));
    await ingestEvents(fresh, late.filter(after));

    const removed = await deleteBefore(db, cutoff);
    expect(removed.requests).toBeGreaterThan(0);
    expect(removed.rewritten).toBe(0);
    expect(observe(db)).toEqual(observe(fresh));
    expect(blockIds(db)).toEqual(referencedBlocks(db));
    // Each run counts what it lost; the store's event total is what is left.
    const runs = listRunsFrom(db, 10);
    expect(runs.reduce((n, r) => n + r.added - r.removed, 0)).toBe(summaryFrom(fresh).events);
  });

  it("removes runs left without events and keeps the store's totals at zero", async () => {
    const { early, late } = fixture();
    const { db } = tempDb();
    await ingestEvents(db, early);
    await ingestEvents(db, late);
    const removed = await deleteBefore(db, START_US + 10 * 86_400e6);
    expect(removed).toMatchObject({ requests: 300, runs: 2 });
    expect(summaryFrom(db)).toMatchObject({ requests: 0, events: 0, first: null, last: null });
    for (const table of ["request_rollup", "request_timeline", "request_bars", "request_facet_counts"]) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
    expect(db.prepare("SELECT count(*) AS n FROM requests_fts WHERE requests_fts MATCH 'web'").get()).toEqual({ n: 0 });
    // The newest block stays so that no block id is ever handed out twice.
    expect(blockIds(db).size).toBe(1);
  });

  /** An upload's writer holding a block that stays open across its batches, with one old and one recent event in it. */
  function uploadWithSharedBlock(db: Db) {
    const old = makeEvent({ requestReceivedTimestamp: iso(START_US), stageTimestamp: iso(START_US + 5) });
    const recent = makeEvent({ requestReceivedTimestamp: iso(START_US + 86_400e6), stageTimestamp: iso(START_US + 86_400e6 + 5) });
    // The parse worker packs events into blocks that can outlive a batch: the writer stores one with its
    // first stored event, and a later batch's events point into the same row.
    const texts = [JSON.stringify(old), JSON.stringify(recent)];
    const block: PackedBlock = { data: compressBlock(Buffer.from(texts.join(""))), id: null };
    const [first, second] = [old, recent].map((e, i) => {
      const n = normalizeEvent(e, texts[i]!);
      if (typeof n === "string") throw new Error(n);
      return { ...n, raw: { block, offset: i === 0 ? 0 : Buffer.byteLength(texts[0]!), length: Buffer.byteLength(texts[i]!) } };
    });
    const runId = createRun(db, "upload", "a.log", "default");
    const writer = new BatchWriter(db, "default", runId);
    writer.write([first!]);
    return { runId, block, writeSecond: () => writer.write([second!]), recent, secondText: texts[1]! };
  }

  it("keeps the blocks of a run still being written, and collects them once it has finished", async () => {
    const { db } = tempDb();
    const upload = uploadWithSharedBlock(db);
    // Another source stores a newer block meanwhile, then retention takes the old request.
    await ingestEvents(db, [makeEvent({ requestReceivedTimestamp: iso(START_US + 2 * 86_400e6) })]);
    await deleteBefore(db, START_US + 1000);
    expect(blockIds(db).has(upload.block.id!)).toBe(true);

    upload.writeSecond();
    const row = listRequestsFrom(db, {}, { limit: 10 }).items.find((r) => r.auditID === upload.recent.auditID)!;
    expect(getRequestFrom(db, row.id)!.events[0]!.raw).toBe(upload.secondText);
    db.prepare("UPDATE runs SET ended_at = heartbeat_at, status = 'done' WHERE id = ?").run(upload.runId);
    // The block is still in use: the collection forgets it rather than delete it.
    expect(await collectBlocks(db)).toBe(0);
    expect(blockIds(db)).toEqual(referencedBlocks(db));
    expect(db.prepare("SELECT count(*) AS n FROM block_candidates").get()).toEqual({ n: 0 });
  });

  it("lets a writer whose block a deletion took store it again, not point at nothing", async () => {
    const { db } = tempDb();
    const upload = uploadWithSharedBlock(db);
    await ingestEvents(db, [makeEvent({ requestReceivedTimestamp: iso(START_US + 2 * 86_400e6) })]);
    // A run that stops reporting counts as interrupted, and its blocks as finished with: here it comes back.
    db.prepare("UPDATE runs SET heartbeat_at = 0 WHERE id = ?").run(upload.runId);
    await deleteBefore(db, START_US + 1000);
    expect(blockIds(db).has(upload.block.id!)).toBe(false);

    upload.writeSecond();
    const row = listRequestsFrom(db, {}, { limit: 10 }).items.find((r) => r.auditID === upload.recent.auditID)!;
    expect(getRequestFrom(db, row.id)!.events[0]!.raw).toBe(upload.secondText);
  });
});

describe("space a deletion frees", () => {
  it("is filled by the next ingest before the file grows", async () => {
    const { db } = tempDb();
    const events = Array.from({ length: 3000 }, (_, i) => {
      const us = START_US + i * 60e6;
      return makeEvent({
        requestReceivedTimestamp: iso(us),
        stageTimestamp: iso(us + 1000),
        responseStatus: { metadata: {}, code: 200, message: `request ${i} `.repeat(40) } as AuditEvent["responseStatus"],
      });
    });
    await ingestEvents(db, events);
    db.pragma("wal_checkpoint(TRUNCATE)");
    const pages = () => db.pragma("page_count", { simple: true }) as number;
    const full = pages();
    await deleteBefore(db, START_US + 1500 * 60e6);
    expect(db.pragma("freelist_count", { simple: true })).toBeGreaterThan(full / 4);
    // The deleted half comes back (the other half is all duplicates): it goes where the old half was.
    await ingestEvents(db, events);
    db.pragma("wal_checkpoint(TRUNCATE)");
    expect(summaryFrom(db).requests).toBe(3000);
    expect(pages()).toBeLessThanOrEqual(full * 1.1);
  });
});

describe("deleting while an upload writes through its own connection", () => {
  it("leaves every count, index and block consistent with the requests left", async () => {
    const { db, file } = tempDb();
    const received = (i: number) => START_US + i * 10e6;
    const event = (i: number, stage: "RequestReceived" | "ResponseComplete") =>
      makeEvent({
        auditID: `22222222-0000-4000-8000-${String(i).padStart(12, "0")}`,
        stage,
        user: { username: USERS[i % USERS.length]!, groups: ["system:authenticated"] },
        verb: VERBS[i % VERBS.length]!,
        requestReceivedTimestamp: iso(received(i)),
        stageTimestamp: iso(received(i) + (stage === "RequestReceived" ? 0 : 30_000)),
        ...(stage === "RequestReceived" ? { responseStatus: undefined } : {}),
      });
    // 12 000 requests received, over three of the deletion's transactions.
    await ingestEvents(db, Array.from({ length: 12_000 }, (_, i) => event(i, "RequestReceived")));
    const upload = openIngestDb(file);
    try {
      const writer = new BatchWriter(upload, "default", createRun(upload, "upload", "late.log", "default"));
      const deletion = deleteBefore(db, received(9_000));
      // Between the deletion's transactions, the upload completes requests on both sides of the cut
      // and begins new ones.
      for (let batch = 0; batch < 6; batch++) {
        const ids = Array.from({ length: 500 }, (_, k) => batch * 2_000 + k * 4);
        writer.write(
          ids.flatMap((i) => [event(i, "ResponseComplete"), event(i + 20_000, "RequestReceived")]).map((e) => {
            const n = normalizeEvent(e, JSON.stringify(e));
            if (typeof n === "string") throw new Error(n);
            return n;
          }),
        );
        await new Promise((resolve) => setImmediate(resolve));
      }
      await deletion;
    } finally {
      upload.close();
    }

    const count = (sql: string, ...params: string[]) => (db.prepare(sql).get(...params) as { n: number }).n;
    const summary = summaryFrom(db);
    expect(summary.requests).toBe(count("SELECT count(*) AS n FROM requests"));
    const stored = db.prepare<[], { events: Buffer }>("SELECT events FROM requests").all();
    expect(summary.events).toBe(stored.reduce((n, r) => n + decodeStageEvents(r.events).length, 0));
    const stats = statsFrom(db, {}, { stack: "user" }, { facetLimit: 500 });
    expect(stats.total).toBe(summary.requests);
    for (const f of stats.facets.user) {
      expect(count("SELECT count(*) AS n FROM requests r JOIN strings s ON s.id = r.user_id WHERE s.value = ?", f.value), f.value).toBe(f.count);
    }
    expect(stats.timeline.reduce((n, b) => n + b.count, 0)).toBe(summary.requests);
    for (const id of referencedBlocks(db)) expect(blockIds(db).has(id)).toBe(true);
    expect(count("SELECT count(*) AS n FROM request_rollup WHERE n < 0")).toBe(0);
  });
});
