import "server-only";
import { latencyUs } from "@/lib/audit/latency";
import { parseRawEvent } from "@/lib/audit/raw-event";
import { mergeEvent, unassembled } from "@/lib/audit/request-assembly";
import { eventFlags, flagsKeptOnReassembly } from "@/lib/audit/request-flags";
import { normalizeEvent, type NormalizedEvent } from "@/lib/ingest/normalize";
import { validateCandidate } from "@/lib/ingest/validate";
import { noteBlockCandidates } from "./block-collector";
import { combosOf, RollupDeltas, ROLLUP_BUCKET_US, TIMELINE_BUCKET_US } from "./combos";
import type { Db } from "./db";
import { indexedName, sameText, type FreeText } from "./free-text";
import { comboValuesOf, DESCRIPTIVE_COLUMNS, DESCRIPTIVE_INDEX, descriptiveValues } from "./request-merge";
import { BlockCache } from "./request-events";
import { decodeStageEvents, encodeStageEvents, type StoredEvent } from "./stage-events";
import { roleChangesOf, withBindingsToRecheck, type RoleChange } from "./findings/role-changes";
import { pruneFindingKeys } from "./findings/keys";
import { defaultFindingsUpdater, type FindingsUpdater } from "./findings/updater";

/** The columns of a request row a removal reads: enough to take it out of every derived structure. */
export const REMOVABLE_COLUMNS = "id, ts, combo_id, cluster_id, flags, uri, name, message, events";
export type RemovableRow = {
  id: number;
  ts: number;
  combo_id: number;
  cluster_id: number;
  flags: number;
  uri: string;
  name: string | null;
  message: string | null;
  events: Buffer | null;
};

export type Removed = { requests: number; events: number; rewritten: number };

/** The event as ingest saw it: stored raw text (a GKE record mapped again) re-ingests as the same event (unwrap.ts). */
function normalizeStored(raw: string): NormalizedEvent {
  const item = validateCandidate({ value: parseRawEvent(raw), text: raw }, 0);
  if (item.kind !== "event") throw new Error(`stored event no longer reads as an audit event: ${item.reason}`);
  const ev = normalizeEvent(item.event, raw);
  if (typeof ev === "string") throw new Error(`stored event no longer reads as an audit event: ${ev}`);
  return ev;
}

/**
 * Takes requests, or some of their stage events, out of the store, inside the caller's transaction, and
 * keeps what is derived from them exact: the rollups (counts per minute, 10 minutes and all time), the
 * free-text index, each run's count of removed events, and findings (a removed request's hits go, a
 * rebuilt one is evaluated again, and correlations around either are judged again). `finish` writes the sums. A request that
 * keeps some events is rebuilt from them as a fresh ingest of those events would build it: first and
 * last time, stages, latency, flags, the most complete stage's columns and its combination.
 *
 * Strings and combinations stay: every writing connection (an upload's worker, the CLI) caches their
 * ids, and no reader shows one that no request or non-zero count points at. Blocks that lost events are
 * noted for collectBlocks (block-collector.ts).
 */
export class RequestRemover {
  readonly removed: Removed = { requests: 0, events: 0, rewritten: 0 };
  /** Blocks that held an event taken out since the last finish, and the run that stored each. */
  private readonly blocks = new Map<number, number>();
  private readonly rollup = new RollupDeltas();
  private readonly byRun = new Map<number, number>();
  private readonly agents = new Set<number>();
  private readonly cache = new BlockCache();
  /** The range of request times whose rollup rows changed, to clear the rows left at zero. */
  private lo = Infinity;
  private hi = -Infinity;
  /** Requests removed or rebuilt since the last finish, whose findings it updates. */
  private changed: number[] = [];
  /** Role versions removed since the last finish: the bindings after them are judged again. */
  private removedRoles: RoleChange[] = [];
  private readonly stmts;

  constructor(
    private readonly db: Db,
    private readonly findings: FindingsUpdater = defaultFindingsUpdater(db),
  ) {
    this.stmts = {
      deleteRequest: db.prepare<[number]>("DELETE FROM requests WHERE id = ?"),
      deleteFts: db.prepare<[number, string, string | null, string | null]>(
        "INSERT INTO requests_fts (requests_fts, rowid, uri, name, message) VALUES ('delete', ?, ?, ?, ?)",
      ),
      insertFts: db.prepare<[number, string, string | null, string | null]>("INSERT INTO requests_fts (rowid, uri, name, message) VALUES (?, ?, ?, ?)"),
      update: db.prepare(
        `UPDATE requests SET ts = ?, latency_us = ?, stages = ?, best_stage = ?, event_count = ?, flags = ?, events = ?,
           ${DESCRIPTIVE_COLUMNS.map((c) => `${c} = ?`).join(", ")}, combo_id = ? WHERE id = ?`,
      ),
      indexAgents: db.prepare<[string]>(
        `INSERT INTO user_agent_fts (rowid, user_agent) SELECT s.id, s.value FROM strings s
         WHERE s.id IN (SELECT value FROM json_each(?)) AND s.id NOT IN (SELECT rowid FROM user_agent_fts)`,
      ),
      countRemoved: db.prepare<[number, number]>("UPDATE runs SET removed = removed + ? WHERE id = ?"),
    };
  }

  /** Takes the whole request out. */
  remove(row: RemovableRow): void {
    this.dropEvents(decodeStageEvents(row.events));
    this.move(row.ts, row.combo_id, -1);
    this.stmts.deleteFts.run(row.id, row.uri, indexedName(row.uri, row.name), row.message);
    this.removedRoles.push(...roleChangesOf(this.db, [row.id]));
    this.stmts.deleteRequest.run(row.id);
    this.changed.push(row.id);
    this.removed.requests++;
  }

  /** Takes out the request's events `drop` picks; a request left without events goes entirely. */
  removeEvents(row: RemovableRow, drop: (e: StoredEvent) => boolean): void {
    const events = decodeStageEvents(row.events);
    const kept = events.filter((e) => !drop(e));
    if (kept.length === events.length) return;
    if (kept.length === 0) return this.remove(row);
    this.dropEvents(events.filter(drop));
    this.rebuild(row, kept);
  }

  /** Writes the sums gathered since the last call; inside the same transaction as the removals. */
  finish(): void {
    this.rollup.flush(this.db);
    this.findings.update(withBindingsToRecheck(this.db, this.changed, this.removedRoles));
    // Keys name users, addresses and agents: none of a deleted request's may stay behind.
    pruneFindingKeys(this.db);
    this.changed = [];
    this.removedRoles = [];
    for (const [run, n] of this.byRun) this.stmts.countRemoved.run(n, run);
    this.byRun.clear();
    noteBlockCandidates(this.db, this.blocks);
    this.blocks.clear();
    if (this.agents.size > 0) this.stmts.indexAgents.run(JSON.stringify([...this.agents]));
    this.agents.clear();
    if (this.lo > this.hi) return;
    // A fresh ingest has no row for a (time, key) without requests: the rows this removal emptied go.
    const minute = (ts: number) => Math.floor(ts / ROLLUP_BUCKET_US) * ROLLUP_BUCKET_US;
    const tenMinutes = (ts: number) => Math.floor(ts / TIMELINE_BUCKET_US) * TIMELINE_BUCKET_US;
    this.db.prepare("DELETE FROM request_rollup WHERE ts BETWEEN ? AND ? AND n = 0").run(minute(this.lo), minute(this.hi));
    for (const table of ["request_timeline", "request_bars"]) {
      this.db.prepare(`DELETE FROM ${table} WHERE ts BETWEEN ? AND ? AND n = 0`).run(tenMinutes(this.lo), tenMinutes(this.hi));
    }
    this.db.prepare("DELETE FROM request_facet_counts WHERE n = 0").run();
    this.lo = Infinity;
    this.hi = -Infinity;
  }

  private dropEvents(events: StoredEvent[]): void {
    for (const e of events) {
      this.byRun.set(e.runId, (this.byRun.get(e.runId) ?? 0) + 1);
      this.blocks.set(e.blockId, e.runId);
    }
    this.removed.events += events.length;
  }

  private move(ts: number, comboId: number, n: number): void {
    this.rollup.add(ts, comboId, n);
    this.lo = Math.min(this.lo, ts);
    this.hi = Math.max(this.hi, ts);
  }

  /**
   * Folds the kept events in again in their arrival order, as the writer did. An event's conflict flag
   * says an earlier event of its stage had other content: with that one gone, the first left is no conflict.
   */
  private rebuild(row: RemovableRow, kept: StoredEvent[]): void {
    const blocks = this.cache.get(this.db, new Set(kept.map((e) => e.blockId)));
    const state = unassembled<NormalizedEvent>(flagsKeptOnReassembly(row.flags));
    const seenStages = new Set<number>();
    const events = kept.map((e) => {
      const block = blocks.get(e.blockId);
      if (!block) throw new Error(`request ${row.id}: block ${e.blockId} of its events is missing`);
      const ev = normalizeStored(block.toString("utf8", e.offset, e.offset + e.length));
      const flags = eventFlags(seenStages.has(e.stage), ev.truncated);
      seenStages.add(e.stage);
      mergeEvent(state, ev, flags);
      return { ...e, flags };
    });
    const best = state.best!;
    const descriptive = descriptiveValues(this.db, best);
    const comboId = combosOf(this.db).id(comboValuesOf(row.cluster_id, descriptive));
    const agent = descriptive[DESCRIPTIVE_INDEX.user_agent_id] as number | null;
    if (agent !== null) this.agents.add(agent);
    const latency = latencyUs(state.flags, state.ts, state.endTs);
    this.stmts.update.run(
      state.ts, latency, state.stages, state.bestStage, state.eventCount, state.flags, encodeStageEvents(events),
      ...descriptive, comboId, row.id,
    );
    this.move(row.ts, row.combo_id, -1);
    this.move(state.ts, comboId, 1);
    const old: FreeText = { uri: row.uri, name: row.name, message: row.message };
    const text: FreeText = { uri: best.uri, name: best.name, message: best.message };
    if (!sameText(old, text)) {
      this.stmts.deleteFts.run(row.id, old.uri, indexedName(old.uri, old.name), old.message);
      this.stmts.insertFts.run(row.id, text.uri, indexedName(text.uri, text.name), text.message);
    }
    this.changed.push(row.id);
    this.removed.rewritten++;
  }
}
