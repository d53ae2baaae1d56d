import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IngestError, ingestStream } from "@/lib/ingest/pipeline";
import { listRequestsFrom, summaryFrom } from "@/lib/store/sqlite/requests";
import { listRunsFrom } from "@/lib/store/sqlite/runs";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import type { Db } from "@/lib/store/sqlite/db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

/** 12 000 events in 6 000 requests (RequestReceived + ResponseComplete each): more than two write batches. */
function bigLog(): string {
  const events = [];
  for (let i = 0; i < 6000; i++) {
    const auditID = `req-${i}`;
    events.push(makeEvent({ auditID, stage: "RequestReceived", responseStatus: undefined }));
    events.push(makeEvent({ auditID, stage: "ResponseComplete" }));
  }
  return jsonLines(events);
}

/** A source that delivers `cut` bytes of `text` and then fails, like an upload whose connection drops. */
async function* brokenAfter(text: string, cut: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < cut; at += 64 * 1024) yield bytes.subarray(at, Math.min(at + 64 * 1024, cut));
  throw new Error("connection reset by peer");
}

// Small batches, so a 12 000-event log spans several transactions.
const ingest = (db: Db, source: AsyncIterable<Uint8Array>, cluster = "default") =>
  ingestStream(sqliteIngestTarget(db), source, { cluster, source: "cli", filename: "audit.log", batchEvents: 5000 });

describe("ingestStream", () => {
  it("reports a summary and records the run", async () => {
    const { db } = tempDb();
    const text = jsonLines([makeEvent({ auditID: "x" }), makeEvent({ auditID: "y" })]) + "not json\n";
    const summary = await ingest(db, Readable.from([Buffer.from(text)]), "prod");
    expect(summary).toMatchObject({ events: 2, added: 2, duplicates: 0, invalid: 1, requests: 2 });
    expect(summary.errors).toEqual([{ line: 3, reason: expect.stringMatching(/^not JSON/) }]);
    const [run] = listRunsFrom(db, 10);
    expect(run).toMatchObject({ runId: summary.runId, source: "cli", filename: "audit.log", cluster: "prod", status: "done", bytes: text.length, added: 2, invalid: 1 });
    expect(summaryFrom(db).clusters).toEqual(["prod"]);
  });

  it("reads gzip as well as plain text, and dedups across the two", async () => {
    const { db } = tempDb();
    const text = bigLog();
    expect(await ingest(db, Readable.from([gzipSync(text)]))).toMatchObject({ events: 12000, added: 12000, requests: 6000 });
    expect(await ingest(db, Readable.from([Buffer.from(text)]))).toMatchObject({ added: 0, duplicates: 12000, requests: 6000 });
  });

  it("keeps whole batches when the stream breaks, and a re-run completes the file exactly", async () => {
    const { db } = tempDb();
    const text = bigLog();
    const failure = await ingest(db, brokenAfter(text, Math.floor(text.length * 0.7))).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IngestError);
    expect((failure as IngestError).message).toMatch(/connection reset/);
    const partial = summaryFrom(db);
    expect(partial.events).toBeGreaterThan(0);
    expect(partial.events).toBeLessThan(12000);
    expect(listRunsFrom(db, 1)[0]).toMatchObject({ status: "failed", failure: "connection reset by peer" });

    const rerun = await ingest(db, Readable.from([Buffer.from(text)]));
    expect(rerun.added).toBe(12000 - partial.events);
    expect(summaryFrom(db)).toMatchObject({ requests: 6000, events: 12000 });
    const page = listRequestsFrom(db, {}, { limit: 1000, cursor: undefined });
    expect(page.items.every((r) => r.stages.join() === "RequestReceived,ResponseComplete")).toBe(true);
  });

  it("a corrupt gzip stream fails the run with a clear message", async () => {
    const { db } = tempDb();
    const gz = gzipSync(bigLog());
    gz.fill(0x41, 2000, 2100);
    const failure = await ingest(db, Readable.from([gz])).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IngestError);
    expect((failure as IngestError).message).toMatch(/gzip/);
  });
});
