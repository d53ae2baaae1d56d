import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BLOCK_BYTES, BLOCK_CODEC, decompressBlock, packBlocks } from "@/lib/store/block-codec";
import { eventsOfRequests } from "@/lib/store/request-events";
import { encodeStageEvents } from "@/lib/store/stage-events";
import { tempDb } from "../helpers/temp-db";

describe("stored event blocks", () => {
  it("pack events in order into blocks of about BLOCK_BYTES, each event findable by its place", () => {
    // ~330 bytes an event on average: enough for three blocks.
    const raws = Array.from({ length: Math.ceil((3 * BLOCK_BYTES) / 330) }, (_, i) => Buffer.from(JSON.stringify({ auditID: `e-${i}`, note: "é".repeat(i % 300) })));
    const places: { block: number; offset: number; length: number }[] = [];
    const blocks = packBlocks(raws, (block, offset, length) => places.push({ block, offset, length }));
    expect(blocks.length).toBeGreaterThan(1);
    const inflated = blocks.map((b) => decompressBlock(BLOCK_CODEC.brotli, b));
    for (const block of inflated) expect(block.length).toBeLessThanOrEqual(BLOCK_BYTES);
    raws.forEach((raw, i) => {
      const at = places[i]!;
      expect(inflated[at.block]!.subarray(at.offset, at.offset + at.length)).toEqual(raw);
    });
  });

  it("a store written before brotli still reads its deflate blocks", () => {
    const { db } = tempDb();
    const lines = ['{"auditID":"old-1"}', '{"auditID":"old-2"}'];
    const block = db.prepare("INSERT INTO blocks (data, codec) VALUES (?, ?)").run(deflateRawSync(Buffer.from(lines.join(""))), BLOCK_CODEC.deflateRaw);
    const blockId = Number(block.lastInsertRowid);
    const insert = db.prepare(
      `INSERT INTO requests (id, cluster_id, audit_key, audit_id, ts, stages, best_stage, event_count, level, verb_id, uri, events)
       VALUES (?, 1, ?, ?, 0, 8, 3, 1, 1, 1, '/', ?)`,
    );
    const at = (offset: number, length: number) =>
      encodeStageEvents([{ stage: 3, stageUs: 0, hash: 0, runId: 1, blockId, offset, length, flags: 0 }]);
    insert.run(7, 7, "old-1", at(0, lines[0]!.length));
    insert.run(8, 8, "old-2", at(lines[0]!.length, lines[1]!.length));
    const events = eventsOfRequests(db, [7, 8]);
    expect(events.get(7)!.map((e) => e.raw)).toEqual([lines[0]]);
    expect(events.get(8)!.map((e) => e.raw)).toEqual([lines[1]]);
  });
});
