import "server-only";
import type { AuditEvent } from "@/lib/audit/event";
import { redactStoredText } from "@/lib/audit/raw-event";
import { mayHoldSecrets } from "@/lib/audit/redact";
import { contentHash } from "@/lib/ingest/content-hash";
import { BLOCK_CODEC, BlockPacker, compressBlock, decompressBlock } from "@/lib/store/raw-blocks";
import type { Db } from "./db";
import { forEachStoredPage, textOf, type StoredRequest } from "./rehash";
import type { StoredEvent } from "./stage-events";
import type { RedactSummary } from "@/lib/store/rows";

export type { RedactSummary };

const SPACE = 0x20;

function fileBytes(db: Db): number {
  const pages = db.pragma("page_count", { simple: true }) as number;
  return pages * (db.pragma("page_size", { simple: true }) as number);
}

/**
 * Redacts a store's events in place (`auditlens redact`), as ingest would have: each stored event holding
 * a credential is stored again, redacted, in a new block, and its request points there with its new
 * content hash. Then every block that held one has each byte no request points at any more overwritten
 * with spaces (the old copies, and duplicates' bytes that rode along with a block) and is compressed
 * again, or removed when nothing in it is used. Deleted pages are zeroed (secure_delete) and the log
 * emptied, so the values are not left in free pages either. Safe to stop and run again.
 */
export function redactStore(db: Db, salt: string): RedactSummary {
  const summary: RedactSummary = {
    requests: 0, events: 0, redacted: 0, blocksRewritten: 0, blocksRemoved: 0, bytesBlanked: 0,
    fileBytesBefore: fileBytes(db), fileBytesAfter: 0, walBusy: false,
  };
  db.pragma("secure_delete = ON");
  // Blocks whose text may hold a credential, with the byte ranges requests still point at.
  const inUse = new Map<number, number[]>();
  const checked = new Set<number>();
  const insertBlock = db.prepare<[Buffer, number]>("INSERT INTO blocks (data, codec) VALUES (?, ?)");

  forEachStoredPage(db, ({ requests, blocks }) => {
    for (const [id, block] of blocks) {
      if (checked.has(id)) continue;
      checked.add(id);
      if (mayHoldSecrets(block.toString("latin1"))) inUse.set(id, []);
    }
    const packer = new BlockPacker();
    const moved: { event: StoredEvent; block: number; offset: number; length: number }[] = [];
    const changed = new Set<StoredRequest>();
    for (const request of requests) {
      summary.requests++;
      for (const e of request.events) {
        summary.events++;
        const ranges = inUse.get(e.blockId);
        if (!ranges) continue;
        const text = textOf(blocks, e);
        // As ingest decides (normalize.ts): the same log read again then finds its events stored.
        const redacted = mayHoldSecrets(text) ? redactStoredText(text, salt) : null;
        if (redacted === null) {
          ranges.push(e.offset, e.length);
          continue;
        }
        const redactedText = redacted.text;
        const at = packer.add(redactedText);
        moved.push({ event: e, block: at.block, offset: at.offset, length: at.bytes.length });
        e.hash = contentHash(redactedText);
        changed.add(request);
        summary.redacted++;
      }
    }
    const ids = packer.take().map((data) => Number(insertBlock.run(data, BLOCK_CODEC.brotli).lastInsertRowid));
    // Redacted already: the scan for blocks no request reached must not take them for such.
    for (const id of ids) checked.add(id);
    for (const m of moved) Object.assign(m.event, { blockId: ids[m.block]!, offset: m.offset, length: m.length });
    return [...changed];
  });

  const orphans = db.prepare<[], { id: number }>("SELECT id FROM blocks").all().filter((b) => !checked.has(b.id));
  const read = db.prepare<[number], { codec: number; data: Buffer }>("SELECT codec, data FROM blocks WHERE id = ?");
  for (const { id } of orphans) {
    const row = read.get(id)!;
    if (mayHoldSecrets(decompressBlock(row.codec, row.data).toString("latin1"))) inUse.set(id, []);
  }
  const update = db.prepare<[Buffer, number, number]>("UPDATE blocks SET data = ?, codec = ? WHERE id = ?");
  const remove = db.prepare<[number]>("DELETE FROM blocks WHERE id = ?");
  for (const [id, ranges] of inUse) {
    db.transaction(() => {
      const row = read.get(id)!;
      const block = decompressBlock(row.codec, row.data);
      const blanked = blankUnused(block, ranges);
      if (blanked === 0) return;
      summary.bytesBlanked += blanked;
      if (ranges.length === 0) {
        remove.run(id);
        summary.blocksRemoved++;
      } else {
        update.run(compressBlock(block), BLOCK_CODEC.brotli, id);
        summary.blocksRewritten++;
      }
    })();
  }
  const checkpoint = db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number }[];
  summary.walBusy = checkpoint[0]?.busy === 1;
  summary.fileBytesAfter = fileBytes(db);
  return summary;
}

/** Overwrites with spaces, in place, every byte of the block outside the (offset, length) pairs; returns how many changed. */
function blankUnused(block: Buffer, ranges: number[]): number {
  const used = new Uint8Array(block.length);
  for (let i = 0; i < ranges.length; i += 2) used.fill(1, ranges[i]!, ranges[i]! + ranges[i + 1]!);
  let blanked = 0;
  for (let i = 0; i < block.length; i++) {
    if (used[i] === 0 && block[i] !== SPACE) {
      block[i] = SPACE;
      blanked++;
    }
  }
  return blanked;
}
