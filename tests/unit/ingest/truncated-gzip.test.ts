import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { IngestError, ingestStream } from "@/lib/ingest/pipeline";
import { ingestInWorkers } from "@/lib/ingest/worker/ingest-in-worker";
import { summaryFrom } from "@/lib/store/sqlite/requests";
import { listRunsFrom } from "@/lib/store/sqlite/runs";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { tempDir } from "../helpers/temp-dir";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

/** A gzipped log of `n` distinct events, cut at `fraction` of its compressed bytes. */
function truncatedGzip(n: number, fraction: number): { cut: Buffer; decodable: number } {
  const gz = gzipSync(jsonLines(Array.from({ length: n }, (_, i) => makeEvent({ auditID: `t-${i}` }))));
  const cut = gz.subarray(0, Math.floor(gz.length * fraction));
  // What any gunzip can decode from the cut file: its complete lines are the events before the break.
  const text = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8");
  return { cut, decodable: text.split("\n").length - 1 };
}

const opts = { cluster: "c", source: "upload" as const, filename: "audit.log.gz" };

async function failure(run: Promise<unknown>): Promise<IngestError> {
  const err = await run.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(IngestError);
  expect((err as IngestError).message).toMatch(/^truncated gzip data/);
  return err as IngestError;
}

describe("a truncated .gz keeps every event decoded before the break", () => {
  it("on this thread, whether the break falls in the first write batch or a later one", async () => {
    for (const [n, fraction] of [[2000, 0.5], [30_000, 0.99]] as const) {
      const { db } = tempDb();
      const { cut, decodable } = truncatedGzip(n, fraction);
      expect(decodable).toBeGreaterThan(0);
      const err = await failure(ingestStream(sqliteIngestTarget(db), Readable.from([cut]), { ...opts, batchEvents: 10_000 }));
      expect(err.summary).toMatchObject({ events: decodable, added: decodable });
      expect(summaryFrom(db).events).toBe(decodable);
      expect(listRunsFrom(db, 1)[0]).toMatchObject({ status: "failed", added: decodable, failure: expect.stringMatching(/^truncated gzip/) });
    }
  });

  it("as an upload on worker threads, and as the CLI reads a file", async () => {
    const { cut, decodable } = truncatedGzip(2000, 0.5);
    const upload = tempDb();
    const err = await failure(ingestInWorkers(Readable.from([cut]), { ...opts, store: { backend: "sqlite" as const, file: upload.file }, expectedBytes: null }));
    expect(err.summary.added).toBe(decodable);
    expect(summaryFrom(upload.db).events).toBe(decodable);

    const file = path.join(tempDir(), "audit.log.gz");
    fs.writeFileSync(file, cut);
    const cli = tempDb();
    await failure(ingestStream(sqliteIngestTarget(cli.db), { file }, { ...opts, source: "cli", expectedBytes: Number.POSITIVE_INFINITY }));
    expect(summaryFrom(cli.db).events).toBe(decodable);
  });
});
