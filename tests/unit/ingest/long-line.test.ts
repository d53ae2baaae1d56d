import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_RECORD_BYTES } from "@/lib/ingest/lines";
import { ingestStream } from "@/lib/ingest/pipeline";
import { ingestInWorkers } from "@/lib/ingest/worker/ingest-in-worker";
import { summaryFrom } from "@/lib/store/sqlite/requests";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { tempDir } from "../helpers/temp-dir";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

describe("a one-line EventList larger than the one-document limit", () => {
  it("is stored item by item instead of answering with 0 events", async () => {
    const file = path.join(tempDir(), "eventlist.json");
    const out = fs.openSync(file, "w");
    fs.writeSync(out, '{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[');
    const n = 52_000;
    for (let i = 0; i < n; i += 1000) {
      const items = Array.from({ length: 1000 }, (_, j) => JSON.stringify(makeEvent({ auditID: `long-${i + j}` })));
      fs.writeSync(out, (i === 0 ? "" : ",") + items.join(","));
    }
    fs.writeSync(out, "]}\n");
    fs.closeSync(out);
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(MAX_RECORD_BYTES);

    const { db } = tempDb();
    const summary = await ingestStream(sqliteIngestTarget(db), { file }, { cluster: "c", source: "cli", filename: "eventlist.json", expectedBytes: size });
    expect(summary).toMatchObject({ events: n, added: n, invalid: 0, requests: n });
    expect(summaryFrom(db).events).toBe(n);

    // The same file uploaded: fed to the parse worker by this thread, written by a thread of its own.
    const upload = tempDb();
    const job = { store: { backend: "sqlite" as const, file: upload.file }, cluster: "c", source: "upload" as const, filename: "eventlist.json", expectedBytes: null };
    expect(await ingestInWorkers(fs.createReadStream(file), job)).toMatchObject({ events: n, added: n, invalid: 0 });
  }, 120_000);
});
