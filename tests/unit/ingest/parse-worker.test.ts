import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { normalizeEvent, type NormalizedEvent } from "@/lib/ingest/normalize";
import { MAX_RECORD_BYTES } from "@/lib/ingest/lines";
import { IngestError, ingestStream } from "@/lib/ingest/pipeline";
import { parseInWorker, startParseWorker } from "@/lib/ingest/worker/parse-in-worker";
import { FILE_IN_FLIGHT_BYTES, IN_FLIGHT_BYTES, MAX_QUEUED_MESSAGES, type FromParser, type ToParser } from "@/lib/ingest/worker/protocol";
import { decodeBatch, WireBuilder, type WireBatch } from "@/lib/ingest/worker/wire";
import { gkeRecordToEvent } from "@/lib/audit/gke-record";
import type { AuditEvent } from "@/lib/audit/event";
import { BLOCK_CODEC, decompressBlock } from "@/lib/store/raw-blocks";
import { exportStreamFrom } from "@/lib/store/sqlite/export";
import { eventsOfRequests } from "@/lib/store/sqlite/request-events";
import { summaryFrom } from "@/lib/store/sqlite/requests";
import { createRun } from "@/lib/store/sqlite/runs";
import { BatchWriter } from "@/lib/store/sqlite/writer";
import type { Db } from "@/lib/store/sqlite/db";
import { jsonLines, makeEvent } from "../helpers/events";
import { oversizeInput } from "../helpers/oversize-input";
import { tempDb } from "../helpers/temp-db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

/** Requests of two stages, a forbidden one with a message, non-ASCII text, and some lines that are not events. */
function mixedLog(requests: number): string {
  const lines: string[] = [];
  for (let i = 0; i < requests; i++) {
    const auditID = `w-${i}`;
    lines.push(JSON.stringify(makeEvent({ auditID, stage: "RequestReceived", responseStatus: undefined })));
    const complete = makeEvent({
      auditID,
      stage: "ResponseComplete",
      objectRef: { resource: "configmaps", namespace: "prod", name: `café-${i % 7}`, apiVersion: "v1" },
      responseStatus: i % 5 === 0 ? { metadata: {}, code: 403, message: "forbidden: ünïcode" } : { metadata: {}, code: 200 },
    } as never);
    lines.push(JSON.stringify(complete));
    if (i % 1000 === 0) lines.push("not json at all", '{"kind":"Event","stage":"Nope"}');
  }
  return lines.join("\n") + "\n";
}

function encodeBatch(events: NormalizedEvent[]): WireBatch {
  const builder = new WireBuilder(events.length);
  for (const e of events) builder.add(e);
  return builder.take();
}

async function ingest(db: Db, source: AsyncIterable<Uint8Array> | { file: string }, expectedBytes: number) {
  return ingestStream(sqliteIngestTarget(db), source, { cluster: "w", source: "cli", filename: "w.log", expectedBytes, batchEvents: 3000 });
}

async function exported(db: Db): Promise<string> {
  return new Response(exportStreamFrom(db, {}, "jsonl")).text();
}

describe("parsing on a worker thread", () => {
  it("packs normalized events for postMessage and unpacks them unchanged", () => {
    const events = [
      makeEvent({ auditID: "a", userAgent: "kubectl/v1.30.3 — ü", annotations: undefined }),
      makeEvent({ auditID: "b", stage: "RequestReceived", responseStatus: undefined, objectRef: undefined, sourceIPs: undefined }),
    ].map((e) => normalizeEvent(e, JSON.stringify(e)) as NormalizedEvent);
    // A GKE record carries its cluster and one timestamp across too.
    const record = {
      protoPayload: { "@type": "type.googleapis.com/google.cloud.audit.AuditLog", serviceName: "k8s.io", methodName: "io.k8s.get", resourceName: "readyz" },
      insertId: "g", timestamp: "2024-05-10T12:00:00.000100Z", resource: { labels: { cluster_name: "gke-prod" } },
    };
    const mapped = gkeRecordToEvent(record) as { event: AuditEvent };
    events.push(normalizeEvent(mapped.event, JSON.stringify(record)) as NormalizedEvent);
    expect(events[2]).toMatchObject({ cluster: "gke-prod", oneTimestamp: true, timed: false });
    const decoded = decodeBatch(encodeBatch(events));
    const text = (raw: NormalizedEvent["raw"]) =>
      typeof raw === "string" ? raw : decompressBlock(BLOCK_CODEC.brotli, raw.block.data).subarray(raw.offset, raw.offset + raw.length).toString("utf8");
    // Every field the normalized event has, read from the decoded one (its fields are getters, not own properties).
    const fields = (e: NormalizedEvent) => Object.fromEntries(Object.keys(events[0]!).map((k) => [k, e[k as keyof NormalizedEvent]]));
    expect(decoded.map((e) => ({ ...fields(e), raw: text(e.raw) }))).toEqual(events);
  });

  it("stores a packed block again when the batch that first stored it was rolled back", () => {
    const originals = [makeEvent({ auditID: "p-1" }), makeEvent({ auditID: "p-2" })];
    const events = decodeBatch(encodeBatch(originals.map((e) => normalizeEvent(e, JSON.stringify(e)) as NormalizedEvent)));
    const { db } = tempDb();
    const writer = new BatchWriter(db, "w", createRun(db, "cli", "p.log", "w"));
    db.exec("CREATE TEMP TRIGGER fail_event BEFORE INSERT ON requests BEGIN SELECT RAISE(ABORT, 'boom'); END");
    expect(() => writer.write(events)).toThrow(/boom/);
    db.exec("DROP TRIGGER temp.fail_event");
    writer.write(events);
    const ids = (db.prepare("SELECT id FROM requests ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    const stored = eventsOfRequests(db, ids);
    expect(ids.flatMap((id) => stored.get(id)!.map((e) => e.raw))).toEqual(originals.map((e) => JSON.stringify(e)));
  });

  it("stores exactly what parsing on this thread stores, problems and their lines included", async () => {
    const text = mixedLog(7000);
    const here = tempDb().db;
    const there = tempDb().db;
    // Parsing falls back to this thread, with a warning, only when no worker can start.
    const warn = vi.spyOn(process, "emitWarning");
    const a = await ingest(here, Readable.from([Buffer.from(text)]), 0);
    const b = await ingest(there, Readable.from([gzipSync(text)]), Number.POSITIVE_INFINITY);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(b).toEqual({ ...a, runId: b.runId });
    expect(a).toMatchObject({ events: 14000, added: 14000, requests: 7000, invalid: 14 });
    expect(summaryFrom(there)).toEqual(summaryFrom(here));
    expect(await exported(there)).toBe(await exported(here));
  });

  it("reads a file by itself, storing what a stream of it stores, and reports its bytes", async () => {
    const text = mixedLog(7000);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-file-")), "audit.log.gz");
    fs.writeFileSync(file, gzipSync(text));
    const streamed = tempDb().db;
    const read = tempDb().db;
    const a = await ingest(streamed, Readable.from([Buffer.from(text)]), Number.POSITIVE_INFINITY);
    const progress: number[] = [];
    const b = await ingestStream(sqliteIngestTarget(read), { file }, {
      cluster: "w",
      source: "cli",
      filename: "w.log",
      expectedBytes: Number.POSITIVE_INFINITY,
      batchEvents: 3000,
      onProgress: (bytes) => progress.push(bytes),
    });
    expect(b).toEqual({ ...a, runId: b.runId });
    expect(await exported(read)).toBe(await exported(streamed));
    expect(progress.at(-1)).toBe(fs.statSync(file).size);
    const run = read.prepare<[number], { bytes: number; status: string }>("SELECT bytes, status FROM runs WHERE id = ?").get(b.runId)!;
    expect(run).toEqual({ bytes: fs.statSync(file).size, status: "done" });
  });

  it("fails a file it cannot read with the reason, before storing anything", async () => {
    const { db } = tempDb();
    const failure = await ingest(db, { file: path.join(os.tmpdir(), "auditlens-no-such-dir", "audit.log") }, Number.POSITIVE_INFINITY).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(IngestError);
    expect((failure as IngestError).message).toMatch(/ENOENT/);
    expect((failure as IngestError).summary.events).toBe(0);
  });

  it.skipIf(process.platform === "win32")("reads a file no further ahead of a slow writer than FILE_IN_FLIGHT_BYTES", async () => {
    // A FIFO as the file: a write completes only once the worker has read what came before it.
    const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-fifo-")), "audit.log");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const line = Buffer.from(JSON.stringify(makeEvent({ auditID: "same" })) + "\n");
    const chunk = Buffer.concat(Array.from({ length: Math.ceil((1 << 20) / line.length) }, () => line));
    const chunks = 60;
    let written = 0;
    const writing = (async () => {
      const out = fs.createWriteStream(fifo);
      for (let i = 0; i < chunks; i++) {
        await new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
        written += chunk.length;
      }
      await new Promise<void>((resolve) => out.end(resolve));
    })();
    let taken = 0;
    let furthestAhead = 0;
    for await (const batch of parseInWorker({ file: fifo }, null)) {
      taken += batch.events.length * line.length;
      furthestAhead = Math.max(furthestAhead, written - taken);
      // ~20 MB/s: slower than the FIFO, so the worker reads until its bound stops it.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await writing;
    expect(taken).toBe(chunks * chunk.length);
    expect(furthestAhead).toBeGreaterThan(IN_FLIGHT_BYTES);
    // Slack: one read, the pipe's own buffer, and a batch taken before it is counted.
    expect(furthestAhead).toBeLessThanOrEqual(FILE_IN_FLIGHT_BYTES + 3 * chunk.length);
  }, 60_000);

  it("posts at most MAX_QUEUED_MESSAGES messages the writer has not taken, however well the input compresses", async () => {
    // ~90 MB of one repeated event gzips to well under a megabyte: the byte bounds alone would let it all through.
    const line = JSON.stringify(makeEvent({ auditID: "same" })) + "\n";
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-gz-")), "audit.log.gz");
    fs.writeFileSync(file, gzipSync(line.repeat(Math.ceil((90 << 20) / line.length))));
    expect(fs.statSync(file).size).toBeLessThan(1 << 20);
    const worker = await startParseWorker(null);
    try {
      let parsed = 0;
      worker.on("message", (m: FromParser) => {
        if (m.type === "parsed") parsed++;
      });
      const until = async (n: number) => {
        for (let waited = 0; parsed < n && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
        // Time for any message beyond the bound to show up.
        await new Promise((r) => setTimeout(r, 500));
      };
      worker.postMessage({ type: "file", path: file } satisfies ToParser);
      await until(MAX_QUEUED_MESSAGES);
      expect(parsed).toBe(MAX_QUEUED_MESSAGES);
      worker.postMessage({ type: "taken", bytes: 0 } satisfies ToParser);
      await until(MAX_QUEUED_MESSAGES + 1);
      expect(parsed).toBe(MAX_QUEUED_MESSAGES + 1);
    } finally {
      await worker.terminate();
    }
  }, 60_000);

  it("keeps whole batches of a broken input and reports why it stopped", async () => {
    const text = mixedLog(7000);
    const bytes = Buffer.from(text);
    async function* broken(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length * 0.6; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
      throw new Error("connection reset by peer");
    }
    const { db } = tempDb();
    const failure = await ingest(db, broken(), Number.POSITIVE_INFINITY).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IngestError);
    expect((failure as IngestError).message).toBe("connection reset by peer");
    const kept = summaryFrom(db).events;
    expect(kept).toBeGreaterThan(0);
    const rerun = await ingest(db, Readable.from([bytes]), Number.POSITIVE_INFINITY);
    expect(rerun.added).toBe(14000 - kept);
  });

  it("fails a corrupt gzip stream with the decoder's message", async () => {
    const gz = gzipSync(jsonLines(Array.from({ length: 3000 }, (_, i) => makeEvent({ auditID: `g-${i}` }))));
    gz.fill(0x41, 2000, 2100);
    const { db } = tempDb();
    const failure = await ingest(db, Readable.from([gz]), Number.POSITIVE_INFINITY).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IngestError);
    expect((failure as IngestError).message).toMatch(/gzip/);
  });

  it("reads the input no further ahead of a slow writer than IN_FLIGHT_BYTES", async () => {
    const line = Buffer.from(JSON.stringify(makeEvent({ auditID: "same" })) + "\n");
    const chunk = Buffer.concat(Array.from({ length: Math.ceil((1 << 20) / line.length) }, () => line));
    let read = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 40; i++) {
        read += chunk.length;
        yield chunk;
      }
    }
    let taken = 0;
    let furthestAhead = 0;
    for await (const batch of parseInWorker(source(), null)) {
      taken += batch.events.length * line.length;
      furthestAhead = Math.max(furthestAhead, read - taken);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(taken).toBe(40 * chunk.length);
    // One chunk of slack: the feeder checks after posting, and a batch is taken before it is counted.
    expect(furthestAhead).toBeLessThanOrEqual(IN_FLIGHT_BYTES + 2 * chunk.length);
  });

  for (const from of ["stream", "file"] as const) {
    it(`does not stall when a message's worth of events, or one line, is larger than the in-flight bound (${from})`, async () => {
      const bound = from === "file" ? FILE_IN_FLIGHT_BYTES : IN_FLIGHT_BYTES;
      const { input, count, chunks } = oversizeInput(bound);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-big-")), "audit.log");
      if (from === "file") fs.writeFileSync(file, input);
      const ids: string[] = [];
      for await (const batch of parseInWorker(from === "file" ? { file } : chunks(), null)) {
        expect(batch.problems).toEqual([]);
        for (const e of batch.events) ids.push(e.auditID);
      }
      expect(ids).toEqual([...Array.from({ length: count }, (_, i) => `big-${i}`), "longest"]);
    }, 60_000);
  }

  it("parses an event just under MAX_RECORD_BYTES within the worker's heap cap", async () => {
    // Many small keys: the parsed object costs several times the text, the shape that once ran out of heap.
    const data: Record<string, string> = {};
    const entry = 100;
    for (let i = 0; i < (MAX_RECORD_BYTES - (1 << 20)) / entry; i++) data[`key-${i}`] = "v".repeat(entry - 14);
    const line = JSON.stringify(makeEvent({ auditID: "huge", level: "RequestResponse", requestObject: { data } }));
    expect(line.length).toBeGreaterThan(MAX_RECORD_BYTES - (2 << 20));
    expect(line.length).toBeLessThan(MAX_RECORD_BYTES);
    const input = Buffer.from(`${line}\n`);
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < input.length; at += 1 << 20) yield input.subarray(at, at + (1 << 20));
    }
    const events: NormalizedEvent[] = [];
    for await (const batch of parseInWorker(source(), null)) {
      expect(batch.problems).toEqual([]);
      events.push(...batch.events);
    }
    expect(events.map((e) => [e.auditID, typeof e.raw === "string" ? "unpacked" : e.raw.length])).toEqual([["huge", Buffer.byteLength(line)]]);
  }, 60_000);
});
