import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IngestError, ingestStream } from "@/lib/ingest/pipeline";
import { ingestInWorkers } from "@/lib/ingest/worker/ingest-in-worker";
import { FILE_IN_FLIGHT_BYTES } from "@/lib/ingest/worker/protocol";
import { exportStreamFrom } from "@/lib/store/sqlite/export";
import { summaryFrom } from "@/lib/store/sqlite/requests";
import type { Db } from "@/lib/store/sqlite/db";
import { jsonLines, makeEvent } from "../helpers/events";
import { oversizeInput } from "../helpers/oversize-input";
import { tempDb } from "../helpers/temp-db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

/** Two-stage requests with a few lines that are not events. */
function log(requests: number): string {
  const events: object[] = [];
  for (let i = 0; i < requests; i++) {
    const auditID = `u-${i}`;
    events.push(makeEvent({ auditID, stage: "RequestReceived", responseStatus: undefined }), makeEvent({ auditID, objectRef: { resource: "pods", namespace: "prod", name: `p-${i % 9}`, apiVersion: "v1" } }));
  }
  return jsonLines(events).replace(/\n/, "\nnot json\n");
}

const exported = (db: Db) => new Response(exportStreamFrom(db, {}, "jsonl")).text();
const job = (dbFile: string, expectedBytes: number | null) => ({ store: { backend: "sqlite" as const, file: dbFile }, cluster: "u", source: "upload" as const, filename: "u.log", expectedBytes });

describe("an upload on a parse worker and a writer thread of its own", () => {
  it("stores what ingesting on this thread stores, gzip or not, size known or not", async () => {
    const text = log(6000);
    const here = tempDb().db;
    const a = await ingestStream(sqliteIngestTarget(here), Readable.from([Buffer.from(text)]), job("", null));
    for (const [input, expectedBytes] of [
      [Buffer.from(text), null],
      [gzipSync(text), Number.POSITIVE_INFINITY],
    ] as const) {
      const { db, file } = tempDb();
      const b = await ingestInWorkers(Readable.from([input]), job(file, expectedBytes));
      expect(b).toEqual({ ...a, runId: b.runId });
      expect(a).toMatchObject({ events: 12000, added: 12000, requests: 6000, invalid: 1 });
      expect(summaryFrom(db)).toEqual(summaryFrom(here));
      expect(await exported(db)).toBe(await exported(here));
    }
  });

  it("keeps whole batches of an upload that breaks off, and says why", async () => {
    const bytes = Buffer.from(log(15000));
    async function* broken(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length * 0.7; at += 256 * 1024) yield bytes.subarray(at, at + 256 * 1024);
      throw new Error("client went away");
    }
    const { db, file } = tempDb();
    const failure = await ingestInWorkers(broken(), job(file, bytes.length)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IngestError);
    expect((failure as IngestError).message).toBe("client went away");
    const kept = summaryFrom(db).events;
    expect(kept).toBeGreaterThan(0);
    expect((failure as IngestError).summary.added).toBe(kept);
    const run = db.prepare<[], { status: string }>("SELECT status FROM runs ORDER BY id DESC LIMIT 1").get();
    expect(run?.status).toBe("failed");
  });

  it("does not stall on a message's worth of events, or one line, larger than the in-flight bound", async () => {
    const { input, count, chunks } = oversizeInput(FILE_IN_FLIGHT_BYTES);
    const { db, file } = tempDb();
    const summary = await ingestInWorkers(chunks(), job(file, input.length));
    expect(summary).toMatchObject({ events: count + 1, added: count + 1, invalid: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM requests").get()).toEqual({ n: count + 1 });
  }, 60_000);

  it("reports a store it cannot open as an error, not an ingest that stopped", async () => {
    // Its directory would have to be made inside a plain file.
    const plain = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-plain-")), "file");
    fs.writeFileSync(plain, "");
    const failure = await ingestInWorkers(Readable.from([Buffer.from(log(1))]), job(path.join(plain, "store.db"), null)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(IngestError);
    expect((failure as Error).message).toMatch(/EEXIST|ENOTDIR/);
  });
});
