import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { contentHash, contentHashOfBytes } from "@/lib/ingest/content-hash";
import { indexedName } from "@/lib/store/sqlite/free-text";
import { migration0014 } from "@/lib/store/sqlite/migrations/0014_free_text_compact";
import { decodeEventsV13, encodeEventsV13 } from "@/lib/store/sqlite/migrations/stage-events-v13";
import { decodeStageEvents, encodeStageEvents, type StoredEvent } from "@/lib/store/sqlite/stage-events";

/**
 * Migrations run frozen copies of the code they need. These tests fail when the live code drifts from
 * what a migration froze or relies on, without a migration that brings stored data along.
 */
describe("what migrations froze still agrees with the live code", () => {
  it("content hashes are those migration 0021 stored: a change needs a migration that rehashes", () => {
    // 0021 hashes with the live code so that stored hashes equal ingest's; stores at 21 and later keep them.
    const logged =
      '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a1","stage":"ResponseComplete","userAgent":"kubectl \\u003c\\u0026\\u003e"}';
    const item = '{"level":"Metadata","auditID":"a1","stage":"ResponseComplete","userAgent":"kubectl <&>"}';
    for (const text of [logged, item]) {
      expect(contentHash(text)).toBe(181414887202151);
      expect(contentHashOfBytes(Buffer.from(text))).toBe(181414887202151);
    }
  });

  it("requests.events is still 0013's format: a change needs a migration that converts it", () => {
    const events: StoredEvent[] = [
      { stage: 0, stageUs: 1_715_342_400_000_100, hash: 2 ** 48 - 1, runId: 1, blockId: 7, offset: 0, length: 900, flags: 0 },
      { stage: 2, stageUs: 1_715_342_400_000_050, hash: 0, runId: 300, blockId: 70_000, offset: 1_048_000, length: 12, flags: 3 },
      { stage: 3, stageUs: 1_715_342_460_000_000, hash: 181414887202151, runId: 2, blockId: 8, offset: 5, length: 1, flags: 1 },
    ];
    expect(encodeEventsV13(events)).toEqual(encodeStageEvents(events));
    expect(decodeEventsV13(encodeStageEvents(events))).toEqual(events);
    expect(decodeStageEvents(encodeEventsV13(events))).toEqual(events);
  });

  it("requests_fts names are 0014's: a change needs a migration that rebuilds the index", () => {
    const db = new Database(":memory:");
    try {
      migration0014.functions(db);
      const ftsName = db.prepare<[string, string | null], { n: string | null }>("SELECT fts_name(?, ?) AS n");
      const cases: [string, string | null][] = [
        ["/api/v1/namespaces/a/pods/web-1", "web-1"],
        ["/api/v1/namespaces/a/pods/web-1/log?follow=true", "web-1"],
        ["/api/v1/namespaces/a/pods?labelSelector=web-1", "web-1"],
        ["/apis/apps/v1/namespaces/a/deployments", "web"],
        ["/api/v1/pods", null],
      ];
      for (const [uri, name] of cases) expect(ftsName.get(uri, name)!.n).toBe(indexedName(uri, name));
    } finally {
      db.close();
    }
  });
});
