import "server-only";
import { latencyUs } from "@/lib/audit/latency";
import { mergeEvent, type MergedRequest } from "@/lib/audit/request-assembly";
import { datedFlags, eventFlags } from "@/lib/audit/request-flags";
import type { NormalizedEvent } from "@/lib/ingest/normalize";
import type { MatchableRequest } from "@/lib/query/matchable";
import type { NewFinding } from "@/lib/store/ingest-target";
import type { Db } from "./db";
import { auditIdText, storedAuditId } from "./audit-id";
import { auditKeyOf, auditKeySchemeOf, type AuditKeyScheme, type KeyedEvent } from "./audit-key";
import { BLOCK_CODEC, BlockPacker, type PackedBlock } from "@/lib/store/raw-blocks";
import { combosOf, forgetComboRows, RollupDeltas } from "./combos";
import { decodeStageEvents, encodeStageEvents, type StoredEvent } from "./stage-events";
import { indexedName, sameText, type FreeText } from "./free-text";
import { IdSet } from "./id-set";
import { matchableOfSaved } from "./matchable";
import { comboValuesOf, DESCRIPTIVE_COLUMNS, DESCRIPTIVE_INDEX, descriptiveValues } from "./request-merge";
import { dictionaryOf } from "./strings";
import { withBindingsToRecheck } from "./findings/role-changes";
import { defaultFindingsUpdater, type FindingsUpdater } from "./findings/updater";

/** Keys per lookup query. */
const LOOKUP_CHUNK = 10_000;
/**
 * New findings kept for takeNewFindings: a live source takes them after every batch; an upload never
 * does, and must not hold every hit of a million requests, so past this the oldest go.
 */
const KEPT_FINDINGS = 10_000;

export type BatchResult = { added: number; duplicates: number };

/** A new event of the batch; `place` is set once its raw bytes are in a stored block. */
type PendingEvent = { event: NormalizedEvent; flags: number; seq: number; place?: { blockId: number; offset: number; length: number } };

type RequestState = MergedRequest<NormalizedEvent> & {
  id: number | null;
  auditID: string;
  auditKey: number;
  /** The event auditKey was derived from. */
  keyedBy: KeyedEvent;
  /** Where the stored row is counted in the rollups, to move it when the batch changes ts or the combination. */
  stored: RollupPlace | null;
  /** The stored row's free-text columns: its index entry is replaced only when they change. */
  storedText: FreeText | null;
  /** The stage events the store holds for the request (requests.events). */
  events: StoredEvent[];
  pending: PendingEvent[];
};

type RollupPlace = { ts: number; comboId: number };

type RequestKeyRow = {
  id: number;
  ts: number;
  stages: number;
  best_stage: number;
  event_count: number;
  flags: number;
  combo_id: number;
  uri: string;
  name: string | null;
  message: string | null;
  events: Buffer | null;
};

/** Content hashes of the request's events at `stage`: stored ones and those new in this batch. */
function hashesAt(state: RequestState, stage: number): number[] {
  const hashes: number[] = [];
  for (const e of state.events) if (e.stage === stage) hashes.push(e.hash);
  for (const p of state.pending) if (p.event.stageRank === stage) hashes.push(p.event.hash);
  return hashes;
}

/** A request the store does not hold (yet): `load` fills in a stored one's state. */
function newState(ev: NormalizedEvent, auditKey: number): RequestState {
  return {
    id: null,
    auditID: ev.auditID,
    auditKey,
    keyedBy: ev,
    ts: ev.receivedUs,
    endTs: ev.stageUs,
    stages: 0,
    bestStage: -1,
    eventCount: 0,
    flags: 0,
    best: null,
    stored: null,
    storedText: null,
    events: [],
    pending: [],
  };
}

/**
 * Writes batches of normalized events for one ingest run: each batch is one transaction, so a crash
 * leaves whole batches and a re-run skips what is already there. Events are deduplicated on
 * (cluster, auditID, stage, content); different content for the same (auditID, stage) is kept and flagged.
 */
export class BatchWriter {
  private readonly db: Db;
  private readonly cluster: string;
  private readonly clusterId: number;
  private readonly runId: number;
  private readonly keyScheme: AuditKeyScheme;
  private readonly stmts;
  private readonly rollup = new RollupDeltas();
  /** Packed blocks this batch stored, whose ids a rollback takes back. */
  private readonly storedBlocks: PackedBlock[] = [];
  /** User agents (string ids) of the requests this batch saved. */
  private readonly agents = new Set<number>();
  /** Requests the run's committed batches touched, since the last takeTouched(). */
  private readonly touched = new IdSet();
  /** Requests this batch touched: counted in `touched` once the batch commits. */
  private batchTouched: number[] = [];
  /** Packs raw texts that came without a parse worker; made on first use. */
  private packer: BlockPacker | null = null;
  private readonly findings: FindingsUpdater;
  /** Hits this batch added: kept in `newFindings` once the batch commits. */
  private batchFindings: NewFinding[] = [];
  private newFindings: NewFinding[] = [];

  constructor(db: Db, cluster: string, runId: number, findings: FindingsUpdater = defaultFindingsUpdater(db)) {
    this.db = db;
    this.runId = runId;
    this.cluster = cluster;
    this.findings = findings;
    this.clusterId = db.transaction(() => dictionaryOf(db).id(cluster)!).immediate();
    this.keyScheme = auditKeySchemeOf(db);
    this.stmts = {
      // One lookup per batch, not per request: the keys go in as a JSON array.
      findRequests: db.prepare<[string, number], RequestKeyRow & { audit_key: number; audit_id: string | Buffer }>(
        `SELECT id, audit_key, audit_id, ts, stages, best_stage, event_count, flags, combo_id, uri, name, message, events FROM requests
         WHERE audit_key IN (SELECT value FROM json_each(?)) AND cluster_id = ?`,
      ),
      newestKey: db.prepare<[], { newest: number | null }>("SELECT max(audit_key) AS newest FROM requests"),
      // Positional parameters: binding from a 30-key object costs more than the insert itself.
      insertRequest: db.prepare(
        `INSERT INTO requests (ts, latency_us, stages, best_stage, event_count, flags, events, ${DESCRIPTIVE_COLUMNS.join(", ")},
           combo_id, cluster_id, audit_key, audit_id)
         VALUES (${Array(7 + DESCRIPTIVE_COLUMNS.length + 4).fill("?").join(", ")})`,
      ),
      updateDescriptive: db.prepare(
        `UPDATE requests SET ts = ?, latency_us = ?, stages = ?, best_stage = ?, event_count = ?, flags = ?, events = ?,
           ${DESCRIPTIVE_COLUMNS.map((c) => `${c} = ?`).join(", ")}, combo_id = ? WHERE id = ?`,
      ),
      updateCounters: db.prepare(
        "UPDATE requests SET ts = ?, latency_us = ?, stages = ?, best_stage = ?, event_count = ?, flags = ?, events = ? WHERE id = ?",
      ),
      insertBlock: db.prepare<[Buffer, number]>("INSERT INTO blocks (data, codec) VALUES (?, ?)"),
      blockExists: db.prepare<[number], { id: number }>("SELECT id FROM blocks WHERE id = ?"),
      // Free text (migrations 0003, 0014): one FTS row per request, replaced when its texts change.
      insertFts: db.prepare<[number, string, string | null, string | null]>("INSERT INTO requests_fts (rowid, uri, name, message) VALUES (?, ?, ?, ?)"),
      // Agents the batch used that user_agent_fts does not hold yet (migration 0012).
      indexAgents: db.prepare<[string]>(
        `INSERT INTO user_agent_fts (rowid, user_agent) SELECT s.id, s.value FROM strings s
         WHERE s.id IN (SELECT value FROM json_each(?)) AND s.id NOT IN (SELECT rowid FROM user_agent_fts)`,
      ),
      // A contentless index without column sizes deletes a row given the values it indexed.
      deleteFts: db.prepare<[number, string, string | null, string | null]>(
        "INSERT INTO requests_fts (requests_fts, rowid, uri, name, message) VALUES ('delete', ?, ?, ?, ?)",
      ),
      // In the batch's transaction, so the store's event total (the sum over runs) never misses a committed batch.
      countAdded: db.prepare<[number, number]>("UPDATE runs SET added = added + ? WHERE id = ?"),
    };
  }

  write(events: NormalizedEvent[]): BatchResult {
    if (events.length === 0) return { added: 0, duplicates: 0 };
    this.storedBlocks.length = 0;
    this.agents.clear();
    this.batchTouched = [];
    this.batchFindings = [];
    try {
      const result = this.db.transaction(() => this.writeInTransaction(events)).immediate();
      for (const id of this.batchTouched) this.touched.add(id);
      this.keepFindings(this.batchFindings);
      return result;
    } catch (err) {
      dictionaryOf(this.db).forget();
      combosOf(this.db).forget();
      forgetComboRows(this.db);
      this.rollup.discard();
      for (const block of this.storedBlocks) block.id = null;
      throw err;
    }
  }

  private writeInTransaction(events: NormalizedEvent[]): BatchResult {
    const { states, stateOf } = this.load(events);
    let duplicates = 0;
    for (let seq = 0; seq < events.length; seq++) {
      const ev = events[seq]!;
      const state = stateOf[seq]!;
      const seen = hashesAt(state, ev.stageRank);
      if (seen.includes(ev.hash)) {
        duplicates++;
        continue;
      }
      const flags = eventFlags(seen.length > 0, ev.truncated);
      state.pending.push({ event: ev, flags, seq });
      mergeEvent(state, ev, flags);
    }

    const added = states.flatMap((state) => state.pending);
    // Blocks first, in input order, so an export reads back like the file; each request row then records where its events went.
    added.sort((a, b) => a.seq - b.seq);
    this.placeEvents(added);
    const nowUs = Date.now() * 1000;
    const changed: number[] = [];
    // The rules see each changed request as stored; one whose batch changed counters alone (no event of
    // it won) is left for the updater to read back, as its descriptive columns are not at hand.
    const saved = new Map<number, MatchableRequest>();
    for (const state of states) {
      if (state.pending.length > 0) {
        this.saveRequest(state, nowUs);
        changed.push(state.id!);
        const request = state.best ? this.matchableOf(state) : null;
        if (request) saved.set(state.id!, request);
      }
      this.batchTouched.push(state.id!);
    }
    this.rollup.flush(this.db);
    this.batchFindings = this.findings.update(withBindingsToRecheck(this.db, changed), nowUs, true, saved);
    if (this.agents.size > 0) this.stmts.indexAgents.run(JSON.stringify([...this.agents]));
    this.stmts.countAdded.run(added.length, this.runId);
    return { added: added.length, duplicates };
  }

  /** Distinct requests the committed batches touched since the last call. */
  takeTouched(): number {
    const n = this.touched.size;
    this.touched.clear();
    return n;
  }

  /** Hits the committed batches added since the last call. */
  takeNewFindings(): NewFinding[] {
    const out = this.newFindings;
    this.newFindings = [];
    return out;
  }

  private keepFindings(found: NewFinding[]): void {
    if (found.length === 0) return;
    const all = this.newFindings.concat(found);
    this.newFindings = all.length > KEPT_FINDINGS ? all.slice(-KEPT_FINDINGS) : all;
  }

  /**
   * The state of every request the batch touches, stored ones as they are in the store and the rest new,
   * and the state of each event, by its place in the batch. A request is one (auditID, audit_key): the
   * "time" key tells apart two requests a client sent with one Audit-ID header (audit-key.ts).
   */
  private load(events: NormalizedEvent[]): { states: RequestState[]; stateOf: RequestState[] } {
    const byId = new Map<string, RequestState>();
    // Requests whose auditID another request of the batch has too, by `${auditKey} ${auditID}`.
    const byKeyAndId = new Map<string, RequestState>();
    const states: RequestState[] = [];
    const stateOf: RequestState[] = [];
    const created = (ev: NormalizedEvent, auditKey: number) => {
      const state = newState(ev, auditKey);
      states.push(state);
      return state;
    };
    for (const ev of events) {
      let state = byId.get(ev.auditID);
      if (state === undefined) {
        state = created(ev, auditKeyOf(this.keyScheme, ev));
        byId.set(ev.auditID, state);
      } else if (ev.receivedUs !== state.keyedBy.receivedUs || ev.hasReceivedTimestamp !== state.keyedBy.hasReceivedTimestamp) {
        const auditKey = auditKeyOf(this.keyScheme, ev);
        if (auditKey !== state.auditKey) {
          const key = `${auditKey} ${ev.auditID}`;
          state = byKeyAndId.get(key) ?? created(ev, auditKey);
          byKeyAndId.set(key, state);
        }
      }
      stateOf.push(state);
    }
    // A key above every stored one cannot be of a stored request: with time-ordered keys that is most
    // of a batch, which then looks up only the requests the previous batches began.
    const newest = this.stmts.newestKey.get()?.newest ?? null;
    const keys = newest === null ? [] : [...new Set(states.map((s) => s.auditKey))].filter((key) => key <= newest);
    for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
      // audit_key is not unique: rows are matched on the full auditID too.
      for (const row of this.stmts.findRequests.all(JSON.stringify(keys.slice(i, i + LOOKUP_CHUNK)), this.clusterId)) {
        const auditID = auditIdText(row.audit_id);
        const first = byId.get(auditID);
        const state = first?.auditKey === row.audit_key ? first : byKeyAndId.get(`${row.audit_key} ${auditID}`);
        if (!state) continue;
        const events = decodeStageEvents(row.events);
        Object.assign(state, {
          id: row.id,
          ts: row.ts,
          // The last stage's time is not stored apart: it is its stage event's.
          endTs: events.length > 0 ? Math.max(...events.map((e) => e.stageUs)) : row.ts,
          stages: row.stages,
          bestStage: row.best_stage,
          eventCount: row.event_count,
          flags: row.flags,
          stored: { ts: row.ts, comboId: row.combo_id },
          storedText: { uri: row.uri, name: row.name, message: row.message },
          events,
        });
      }
    }
    return { states, stateOf };
  }

  private saveRequest(state: RequestState, nowUs: number): void {
    state.flags = datedFlags(state.flags, state.ts, nowUs);
    for (const p of state.pending) {
      const e = p.event;
      state.events.push({ stage: e.stageRank, stageUs: e.stageUs, hash: e.hash, runId: this.runId, flags: p.flags, ...p.place! });
    }
    const latency = latencyUs(state.flags, state.ts, state.endTs);
    const counters = [state.ts, latency, state.stages, state.bestStage, state.eventCount, state.flags, encodeStageEvents(state.events)];
    if (!state.best) {
      this.stmts.updateCounters.run(...counters, state.id);
      this.count(state, state.stored!.comboId);
      return;
    }
    const descriptive = descriptiveValues(this.db, state.best);
    const comboId = combosOf(this.db).id(comboValuesOf(this.clusterId, descriptive));
    const b = state.best;
    const text: FreeText = { uri: b.uri, name: b.name, message: b.message };
    const agent = descriptive[DESCRIPTIVE_INDEX.user_agent_id] as number | null;
    if (agent !== null) this.agents.add(agent);
    // A later stage mostly repeats the earlier one's texts; deleting from contentless FTS5 costs ~0.3 ms a row.
    const indexText = state.storedText === null || !sameText(state.storedText, text);
    if (state.id === null) {
      const info = this.stmts.insertRequest.run(...counters, ...descriptive, comboId, this.clusterId, state.auditKey, storedAuditId(state.auditID));
      state.id = Number(info.lastInsertRowid);
    } else {
      this.stmts.updateDescriptive.run(...counters, ...descriptive, comboId, state.id);
      const old = state.storedText;
      if (indexText && old) this.stmts.deleteFts.run(state.id, old.uri, indexedName(old.uri, old.name), old.message);
    }
    this.count(state, comboId);
    if (indexText) this.stmts.insertFts.run(state.id, b.uri, indexedName(b.uri, b.name), b.message);
    state.storedText = text;
  }

  /** A saved request as the store now holds it (saveRequest has dated its flags), or null (matchableOfSaved). */
  private matchableOf(state: RequestState): MatchableRequest | null {
    const latency = latencyUs(state.flags, state.ts, state.endTs);
    return matchableOfSaved(this.cluster, state.auditID, state.best!, { ts: state.ts, latencyUs: latency, stages: state.stages, flags: state.flags });
  }

  /** Moves the request's count in the rollups from where it was stored to where it is now. */
  private count(state: RequestState, comboId: number): void {
    if (state.stored) this.rollup.add(state.stored.ts, state.stored.comboId, -1);
    this.rollup.add(state.ts, comboId, 1);
    state.stored = { ts: state.ts, comboId };
  }

  /** Stores the blocks holding the new events' raw bytes, and notes where each event is. */
  private placeEvents(added: PendingEvent[]): void {
    // Events the parse worker already packed point into its blocks; a block is stored with its first
    // stored event (its duplicates' bytes ride along: a re-read file stores no block at all).
    const texts: { pending: PendingEvent; text: string }[] = [];
    const checked = new Set<PackedBlock>();
    for (const pending of added) {
      const raw = pending.event.raw;
      if (typeof raw === "string") {
        texts.push({ pending, text: raw });
        continue;
      }
      if (raw.block.id !== null && !checked.has(raw.block)) {
        // A block an earlier batch stored is gone if a deletion took every event pointing into it
        // meanwhile (delete-requests.ts); its id is never handed out again, so a missing row means store it anew.
        checked.add(raw.block);
        if (!this.storedBlocks.includes(raw.block) && this.stmts.blockExists.get(raw.block.id) === undefined) raw.block.id = null;
      }
      if (raw.block.id === null) {
        raw.block.id = this.storeBlock(raw.block.data);
        this.storedBlocks.push(raw.block);
      }
      pending.place = { blockId: raw.block.id, offset: raw.offset, length: raw.length };
    }
    if (texts.length === 0) return;
    const packer = (this.packer ??= new BlockPacker());
    const placed = texts.map((t) => {
      const at = packer.add(t.text);
      return { block: at.block, offset: at.offset, length: at.bytes.length };
    });
    const ids = packer.take().map((data) => this.storeBlock(data));
    texts.forEach((t, i) => {
      const at = placed[i]!;
      t.pending.place = { blockId: ids[at.block]!, offset: at.offset, length: at.length };
    });
  }

  private storeBlock(data: Buffer): number {
    return Number(this.stmts.insertBlock.run(data, BLOCK_CODEC.brotli).lastInsertRowid);
  }
}
