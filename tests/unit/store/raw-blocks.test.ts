import { brotliCompressSync, constants, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BLOCK_BYTES, BLOCK_CODEC, BlockPacker, compressBlock, decompressBlock, decompressBlockPrefix } from "@/lib/store/raw-blocks";
import { eventsOfRequests } from "@/lib/store/sqlite/request-events";
import { encodeStageEvents } from "@/lib/store/sqlite/stage-events";
import { tempDb } from "../helpers/temp-db";

describe("stored event blocks", () => {
  it("pack events in order into blocks of about BLOCK_BYTES, each event findable by its place", () => {
    // ~330 bytes an event on average, some of it two-byte UTF-8: enough for three blocks.
    const raws = Array.from({ length: Math.ceil((3 * BLOCK_BYTES) / 330) }, (_, i) => JSON.stringify({ auditID: `e-${i}`, note: "é".repeat(i % 300) }));
    const packer = new BlockPacker();
    const places = raws.map((raw) => {
      const at = packer.add(raw);
      expect(at.bytes.toString("utf8")).toBe(raw);
      return { block: at.block, offset: at.offset, length: at.bytes.length };
    });
    const blocks = packer.take();
    expect(blocks.length).toBeGreaterThan(1);
    const inflated = blocks.map((b) => decompressBlock(BLOCK_CODEC.brotli, b));
    for (const block of inflated) expect(block.length).toBeLessThanOrEqual(BLOCK_BYTES);
    raws.forEach((raw, i) => {
      const at = places[i]!;
      expect(inflated[at.block]!.subarray(at.offset, at.offset + at.length).toString("utf8")).toBe(raw);
    });
    expect(packer.take()).toEqual([]);
  });

  it("give an event larger than a block a block of its own, and go on packing after it", () => {
    const small = '{"auditID":"a"}';
    const huge = JSON.stringify({ auditID: "big", body: "ü".repeat(BLOCK_BYTES) });
    const packer = new BlockPacker();
    const places = [small, huge, small].map((raw) => {
      const at = packer.add(raw);
      return { block: at.block, offset: at.offset, length: at.bytes.length };
    });
    const inflated = packer.take().map((b) => decompressBlock(BLOCK_CODEC.brotli, b));
    expect(places.map((p) => p.block)).toEqual([0, 1, 2]);
    expect(inflated[1]!.toString("utf8")).toBe(huge);
    expect(inflated[2]!.toString("utf8")).toBe(small);
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
  it("inflate only the start of a block when asked for it: at least the bytes asked, the same as the whole block's", () => {
    // Varied text that compresses about as audit JSON does, filling a whole block.
    const parts: string[] = [];
    for (let i = 0, length = 0; length < BLOCK_BYTES - 400; i++) {
      parts.push(JSON.stringify({ auditID: `id-${(i * 2654435761) % 1e9}`, verb: ["get", "list", "update"][i % 3], n: i }));
      length += parts.at(-1)!.length + 1;
    }
    const text = Buffer.from(parts.join("\n"));
    const data = compressBlock(text);
    for (const bytes of [0, 1, 1000, 200_000, 600_000, text.length - 1, text.length, text.length + 10]) {
      const start = decompressBlockPrefix(BLOCK_CODEC.brotli, data, bytes);
      expect(start.length, String(bytes)).toBeGreaterThanOrEqual(Math.min(bytes, text.length));
      expect(start.equals(text.subarray(0, start.length)), String(bytes)).toBe(true);
    }
    expect(decompressBlockPrefix(BLOCK_CODEC.brotli, data, 1000).length).toBeLessThan(text.length / 2);
    const deflated = deflateRawSync(text.subarray(0, 5000));
    expect(decompressBlockPrefix(BLOCK_CODEC.deflateRaw, deflated, 10)).toEqual(text.subarray(0, 5000));
  });

  it("read the smaller brotli blocks older stores hold (1 MiB and 256 KiB, with the windows they had) as far as asked", () => {
    const parts = Array.from({ length: 24_000 }, (_, i) => JSON.stringify({ auditID: `old-${i}`, verb: ["get", "list", "watch"][i % 3], n: (i * 7919) % 100_003 }));
    const text = Buffer.from(parts.join("\n"));
    expect(text.length).toBeGreaterThan(1 << 20);
    for (const [size, window] of [[1 << 20, 21], [256 << 10, 18]] as const) {
      const block = text.subarray(0, size);
      const data = brotliCompressSync(block, { params: { [constants.BROTLI_PARAM_QUALITY]: 3, [constants.BROTLI_PARAM_LGWIN]: window } });
      for (const bytes of [1, 5000, size / 2, size - 1, size]) {
        const start = decompressBlockPrefix(BLOCK_CODEC.brotli, data, bytes);
        expect(start.length, `${size} ${bytes}`).toBeGreaterThanOrEqual(bytes);
        expect(start.equals(block.subarray(0, start.length)), `${size} ${bytes}`).toBe(true);
      }
    }
  });
});
