import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Db } from "./db";
import { ALIVE_RUN, STALE_RUN_US } from "./runs";
import { decodeStageEvents } from "./stage-events";

/** Requests read per step of the scan; each step is one short read, with the event loop free in between. */
const SCAN_CHUNK = 20_000;

/** Notes the blocks that lost events (block id → the run that stored it), in the deletion's transaction. */
export function noteBlockCandidates(db: Db, blocks: ReadonlyMap<number, number>): void {
  const insert = db.prepare<[number, number]>("INSERT INTO block_candidates (block_id, run_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
  for (const [block, run] of blocks) insert.run(block, run);
}

/**
 * Deletes the noted blocks that no stored event points into any more, and forgets the others. Nothing
 * indexes events by block, so this reads every request's event list, in steps that hold no lock.
 * That is safe for blocks whose run has finished: only the writer that stored a block points new events
 * into it (an upload's block outlives a batch), so no event can start pointing into them meanwhile.
 * Blocks of runs still writing wait for a later collection. The newest block always stays, so a block
 * id is never handed out twice; the writer stores anew a block it finds gone (writer.ts). Returns how
 * many blocks went.
 */
export async function collectBlocks(db: Db, nowUs = Date.now() * 1000): Promise<number> {
  const due = db
    .prepare<[number], { block_id: number }>(
      `SELECT c.block_id FROM block_candidates c LEFT JOIN runs r ON r.id = c.run_id
       WHERE r.id IS NULL OR NOT ${ALIVE_RUN}`,
    )
    .all(nowUs - STALE_RUN_US)
    .map((r) => r.block_id);
  if (due.length === 0) return 0;
  const orphans = new Set(due);
  const next = db.prepare<[number, number], [number, Buffer | null]>("SELECT id, events FROM requests WHERE id > ? ORDER BY id LIMIT ?").raw();
  let after = 0;
  for (;;) {
    const rows = next.all(after, SCAN_CHUNK);
    for (const [, events] of rows) for (const e of decodeStageEvents(events)) orphans.delete(e.blockId);
    if (rows.length < SCAN_CHUNK || orphans.size === 0) break;
    after = rows[rows.length - 1]![0];
    await nextTurn();
  }
  return db.transaction(() => {
    const newest = db.prepare<[], { id: number | null }>("SELECT max(id) AS id FROM blocks").get()?.id ?? null;
    // The newest stays a candidate: once a newer block exists it can go.
    const settled = due.filter((id) => id !== newest);
    const gone = [...orphans].filter((id) => id !== newest);
    db.prepare<[string]>("DELETE FROM block_candidates WHERE block_id IN (SELECT value FROM json_each(?))").run(JSON.stringify(settled));
    return db.prepare<[string]>("DELETE FROM blocks WHERE id IN (SELECT value FROM json_each(?))").run(JSON.stringify(gone)).changes;
  }).immediate();
}
