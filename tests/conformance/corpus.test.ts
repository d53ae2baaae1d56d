import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestStream } from "@/lib/ingest/pipeline";
import type { Db } from "@/lib/store/sqlite/db";
import { summaryFrom } from "@/lib/store/sqlite/requests";
import { CORPUS_DIR, corpusFiles, corpusPresent, expectedCounts } from "../support/corpus";
import { tempDb } from "../unit/helpers/temp-db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

const ingest = (db: Db, file: string) =>
  ingestStream(sqliteIngestTarget(db), fs.createReadStream(file), { cluster: "default", source: "cli", filename: path.basename(file) });

describe.skipIf(!corpusPresent)("real audit logs in ../shared/corpus", () => {
  it("has files to check", () => {
    expect(corpusFiles().length).toBeGreaterThan(40);
  });

  for (const file of corpusFiles()) {
    const name = path.relative(CORPUS_DIR, file);
    it(`${name}: exact distinct events and requests; re-ingest adds nothing`, async () => {
      const expected = expectedCounts(file);
      expect(expected.events).toBeGreaterThan(0);
      const { db } = tempDb();

      const first = await ingest(db, file);
      expect(first.invalid, JSON.stringify(first.errors)).toBe(0);
      expect(first.events).toBe(expected.events);
      expect(first.added).toBe(expected.distinctEvents);
      expect(first.duplicates).toBe(expected.events - expected.distinctEvents);
      expect(first.requests).toBe(expected.requests);
      expect(summaryFrom(db)).toMatchObject({ requests: expected.requests, events: expected.distinctEvents });

      const again = await ingest(db, file);
      expect(again).toMatchObject({ added: 0, duplicates: expected.events, requests: expected.requests, invalid: 0 });
      expect(summaryFrom(db)).toMatchObject({ requests: expected.requests, events: expected.distinctEvents });
    });
  }
});

describe.skipIf(!corpusPresent)("figures documented in the corpus SOURCES.md", () => {
  it("audit2rbac-2017/demo.log holds 757 events in 437 requests", () => {
    expect(expectedCounts(path.join(CORPUS_DIR, "audit2rbac-2017/demo.log"))).toEqual({ events: 757, distinctEvents: 757, requests: 437 });
  });
});
