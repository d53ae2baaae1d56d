import "server-only";
import type { AuditStore } from "@/lib/store/audit-store";
import { formatMicros } from "@/lib/time/micros";
import type { DeletionCounts, RetentionPass, RetentionSettings } from "./types";

const DAY_US = 86_400e6;
const GB = 1e9;
/**
 * Passes of "delete the oldest share of the excess" before giving up for this round: freed pages do not
 * follow the requests deleted exactly (strings, rollups and part-full pages stay), so a pass may leave
 * the store a little over its limit and the next one takes the rest.
 */
const SIZE_PASSES = 4;
/**
 * Over its limit, the store is cut to this share of it: the oldest requests then go in one larger
 * deletion every so often, not a few at a time each pass while ingest keeps it at the limit.
 */
const SIZE_LOW_WATER = 0.95;

const none = (): DeletionCounts => ({ requests: 0, events: 0, rewritten: 0, blocks: 0, runs: 0 });

function add(a: DeletionCounts, b: DeletionCounts): DeletionCounts {
  return { requests: a.requests + b.requests, events: a.events + b.events, rewritten: a.rewritten + b.rewritten, blocks: a.blocks + b.blocks, runs: a.runs + b.runs };
}

/**
 * Applies the retention policy once: deletes the requests older than `days`, then, when the store's
 * data (its used pages: freed pages are reused before the file grows) exceeds `maxGb`, the oldest
 * requests until it fits, aiming at SIZE_LOW_WATER of it.
 * Requests are deleted whole, oldest received first.
 */
export async function applyRetention(
  store: AuditStore,
  settings: RetentionSettings,
  trigger: RetentionPass["trigger"],
  nowUs = Date.now() * 1000,
): Promise<RetentionPass> {
  const m = store.maintenance;
  const usedBytesBefore = (await m.info()).usedBytes;
  let deleted = none();
  let before: number | null = null;
  if (settings.days !== null) {
    before = Math.floor(nowUs - settings.days * DAY_US);
    deleted = add(deleted, await m.deleteBefore(before, nowUs));
  }
  if (settings.maxGb !== null) {
    const max = settings.maxGb * GB;
    for (let pass = 0; pass < SIZE_PASSES; pass++) {
      const info = await m.info();
      if (info.usedBytes <= max || info.requests === 0) break;
      // The excess in requests of the store's average size; the time of the one after them is the cut.
      const share = Math.ceil(((info.usedBytes - max * SIZE_LOW_WATER) / info.usedBytes) * info.requests);
      let cut = (await m.nthOldestTs(share)) ?? (await m.afterNewestTs());
      const oldest = await m.nthOldestTs(0);
      if (cut === null || oldest === null) break;
      // Requests that share the oldest instant (whole-second v1beta1 times) go together rather than not at all.
      if (cut <= oldest) cut = oldest + 1;
      const removed = await m.deleteBefore(cut, nowUs);
      deleted = add(deleted, removed);
      before = Math.max(before ?? cut, cut);
      if (removed.requests === 0) break;
    }
  }
  // Blocks an earlier deletion left to runs that were still writing then.
  deleted.blocks += await m.collectBlocks(nowUs);
  return {
    at: new Date(nowUs / 1000).toISOString(),
    trigger,
    before: before === null ? null : formatMicros(before),
    deleted,
    usedBytesBefore,
    usedBytesAfter: (await m.info()).usedBytes,
  };
}
