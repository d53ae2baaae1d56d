import { describe, expect, it } from "vitest";
import { hash48 } from "@/lib/ingest/content-hash";
import { openDb, type Db } from "@/lib/store/sqlite/db";
import { textOf, forEachStoredPage } from "@/lib/store/sqlite/rehash";
import { ingestStream } from "@/lib/ingest/pipeline";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { rewindStore } from "../helpers/rewind-store";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

async function ingestText(db: Db, text: string) {
  async function* source() {
    yield Buffer.from(text);
  }
  return ingestStream(sqliteIngestTarget(db), source(), { cluster: "prod", source: "webhook", filename: null });
}

describe("migration 0021 (canonical content hash)", () => {
  it("re-hashes a store hashed on bytes, after which the webhook's copy of a logged event is a duplicate", async () => {
    const { db, file } = tempDb();
    const events = [makeEvent({ userAgent: "kubectl <&> quoted" }), makeEvent({ stage: "RequestReceived", responseStatus: undefined })];
    // Go's encoder escapes <, > and & in the log's lines and in the webhook's items alike.
    const lines = jsonLines(events).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
    expect(await ingestText(db, lines)).toMatchObject({ added: 2 });
    // What stores written before 0021 hold: the hash of each event's bytes.
    forEachStoredPage(db, ({ requests, blocks }) => {
      for (const r of requests) for (const e of r.events) e.hash = hash48(textOf(blocks, e));
      return requests;
    });
    rewindStore(db, 20);
    db.close();

    const upgraded = openDb(file);
    try {
      expect(upgraded.prepare("SELECT value FROM store_settings WHERE name = 'content_hash'").get()).toEqual({ value: "canonical" });
      const items = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${lines
        .trim()
        .split("\n")
        .map((l) => l.replace('{"kind":"Event","apiVersion":"audit.k8s.io/v1",', "{"))
        .join(",")}]}`;
      expect(await ingestText(upgraded, items)).toMatchObject({ events: 2, added: 0, duplicates: 2 });
    } finally {
      upgraded.close();
    }
  });
});
