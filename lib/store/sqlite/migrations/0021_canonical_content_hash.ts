import { brotliDecompressSync, inflateRawSync } from "node:zlib";
import { contentHashOfBytes } from "@/lib/ingest/content-hash";
import type { Db } from "../db";
import { decodeEventsV13, encodeEventsV13 } from "./stage-events-v13";

/** Requests read per step; a step's blocks mostly repeat the previous step's, which are kept. */
const PAGE = 2000;

const inflate = (row: { codec: number; data: Buffer } | undefined): Buffer | undefined =>
  row && (row.codec === 1 ? brotliDecompressSync(row.data) : inflateRawSync(row.data));

/**
 * Every stored event's hash recomputed over its text. The hash is today's contentHashOfBytes, not a frozen
 * copy: what this migration is for is that a stored hash equals what ingest computes for the same event,
 * so that its next copy is found a duplicate. A change to the content hash therefore needs a migration
 * that rehashes again; tests/unit/store/upgrade-content-hash.test.ts pins the hash to catch one made
 * without. The event list and block formats are those of this version, frozen (stage-events-v13.ts; a
 * block's codec 1 is brotli, 0 deflate-raw).
 */
function rehash(db: Db): void {
  const read = db.prepare<[number, number], { id: number; events: Buffer | null }>("SELECT id, events FROM requests WHERE id > ? ORDER BY id LIMIT ?");
  const readBlock = db.prepare<[number], { codec: number; data: Buffer }>("SELECT codec, data FROM blocks WHERE id = ?");
  const update = db.prepare<[Buffer, number]>("UPDATE requests SET events = ? WHERE id = ?");
  let blocks = new Map<number, Buffer | undefined>();
  let after = 0;
  for (;;) {
    const rows = read.all(after, PAGE);
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    const previous = blocks;
    blocks = new Map();
    const blockOf = (id: number): Buffer | undefined => {
      if (!blocks.has(id)) blocks.set(id, previous.has(id) ? previous.get(id) : inflate(readBlock.get(id)));
      return blocks.get(id);
    };
    for (const row of rows) {
      const events = decodeEventsV13(row.events);
      let changed = false;
      for (const e of events) {
        const block = blockOf(e.blockId);
        if (!block) continue;
        const hash = contentHashOfBytes(block.subarray(e.offset, e.offset + e.length));
        if (hash !== e.hash) {
          e.hash = hash;
          changed = true;
        }
      }
      if (changed) update.run(encodeEventsV13(events), row.id);
    }
  }
}

/**
 * Stage events are deduplicated on their canonical content (lib/ingest/content-hash.ts), no longer on
 * their bytes: the webhook's items lack `kind`/`apiVersion`, so one event from the webhook and the
 * tailed log was stored twice. Stored hashes are recomputed from the stored events; copies stored twice
 * before stay (with their conflict flag), and the next one is recognised.
 */
export const migration0021 = {
  version: 21,
  name: "canonical_content_hash",
  sql: `INSERT OR IGNORE INTO store_settings (name, value) VALUES ('content_hash', 'canonical');`,
  rewrite: rehash,
};
