import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import { combosOf, forgetComboRows } from "./combos";
import type { Db } from "./db";
import type { DeletionCounts } from "@/lib/retention/types";
import { collectBlocks } from "./block-collector";
import { REMOVABLE_COLUMNS, RequestRemover, type RemovableRow } from "./request-remover";
import { ALIVE_RUN, STALE_RUN_US } from "./runs";
import { dictionaryOf } from "./strings";

/**
 * Requests per transaction. Each transaction leaves the store exact on its own, so a deletion of
 * millions of requests holds the write lock a fraction of a second at a time and ingest (another
 * connection waiting on busy_timeout, or this one between turns of the event loop) goes on in between.
 */
const CHUNK = 5_000;

/** The run is still being written: its requests are not all in the store yet. */
export class RunInProgressError extends Error {
  constructor(readonly runId: number) {
    super(`run ${runId} is still running; delete it once it has finished`);
  }
}

/** Runs `step` (which handles up to CHUNK rows and says how many) in a transaction of its own until it runs short. */
async function inChunks(db: Db, remover: RequestRemover, step: () => number): Promise<void> {
  for (;;) {
    let n: number;
    try {
      n = db.transaction(() => {
        const rows = step();
        remover.finish();
        return rows;
      }).immediate();
    } catch (err) {
      // Rebuilt requests may have put new strings and combinations in the connection's caches (as a failed batch does in writer.ts).
      dictionaryOf(db).forget();
      combosOf(db).forget();
      forgetComboRows(db);
      throw err;
    }
    if (n < CHUNK) return;
    await nextTurn();
  }
}


/**
 * Deletes every request received before `beforeUs` (µs since the epoch) with all its stage events, then
 * the blocks no event points into any more (block-collector.ts), and the finished runs that hold no events any more and
 * either lost some now or began before `beforeUs`. Live runs (a tailed file, the webhook) stay.
 */
export async function deleteBefore(db: Db, beforeUs: number, nowUs = Date.now() * 1000): Promise<DeletionCounts> {
  const remover = new RequestRemover(db);
  const next = db.prepare<[number, number], RemovableRow>(`SELECT ${REMOVABLE_COLUMNS} FROM requests WHERE ts < ? ORDER BY ts, id LIMIT ?`);
  await inChunks(db, remover, () => {
    const rows = next.all(beforeUs, CHUNK);
    for (const row of rows) remover.remove(row);
    return rows.length;
  });
  const runs = db
    .prepare<[number, number]>(`DELETE FROM runs WHERE NOT ${ALIVE_RUN} AND added - removed <= 0 AND (removed > 0 OR started_at < ?)`)
    .run(nowUs - STALE_RUN_US, beforeUs).changes;
  return { ...remover.removed, blocks: await collectBlocks(db, nowUs), runs };
}

/**
 * Deletes an ingest run and the stage events it stored. A request whose events came from several runs
 * keeps those of the other runs and is rebuilt from them (request-remover.ts); a request left without
 * events is deleted. A running run is refused: its writer would go on adding to it. Null when no such run.
 */
export async function deleteRun(db: Db, runId: number, nowUs = Date.now() * 1000): Promise<DeletionCounts | null> {
  const run = db
    .prepare<[number, number], { running: number }>(`SELECT ${ALIVE_RUN} AS running FROM runs WHERE id = ?`)
    .get(nowUs - STALE_RUN_US, runId);
  if (!run) return null;
  if (run.running) throw new RunInProgressError(runId);
  const remover = new RequestRemover(db);
  // No index leads from a run to its requests (they keep their events packed): the scan walks them by id.
  const next = db.prepare<[number, number], RemovableRow>(`SELECT ${REMOVABLE_COLUMNS} FROM requests WHERE id > ? ORDER BY id LIMIT ?`);
  let after = 0;
  await inChunks(db, remover, () => {
    const rows = next.all(after, CHUNK);
    for (const row of rows) remover.removeEvents(row, (e) => e.runId === runId);
    if (rows.length > 0) after = rows[rows.length - 1]!.id;
    return rows.length;
  });
  db.prepare<[number]>("DELETE FROM runs WHERE id = ?").run(runId);
  return { ...remover.removed, blocks: await collectBlocks(db, nowUs), runs: 1 };
}
