import fs from "node:fs";
import path from "node:path";
import { DECISION } from "@/lib/ingest/normalize";
import { ROLLUP_BUCKET_US } from "@/lib/store/sqlite/combos";
import { openIngestDb, type Db } from "@/lib/store/sqlite/db";
import { indexedName } from "@/lib/store/sqlite/free-text";
import { requestBatches, ROW_FIELD as FIELD, type RowFields } from "./row-fields";
import { StepClock, type StepTime } from "./step-clock";

/** What a store variant maintains beside the request row. */
type StoreVariant = { step: string; indexes: boolean; freeText: boolean; rollup: boolean };

export const STORE_VARIANTS: StoreVariant[] = [
  { step: "a row per request (the store's table, no index)", indexes: false, freeText: false, rollup: false },
  { step: "… with the store's indexes on requests", indexes: true, freeText: false, rollup: false },
  { step: "… and a free-text entry per request", indexes: true, freeText: true, rollup: false },
  { step: "… and per-minute rollup counts, summed per commit", indexes: true, freeText: true, rollup: true },
];

/** What a variant's store held at the end: the test's evidence that the variants differ as labelled. */
export type StoredFacts = { requests: number; indexes: number; freeTextBytes: number; rollupTotal: number };

/** Requests per transaction: the writer commits every 20 000 events, about 10 000 requests. */
const REQUESTS_PER_COMMIT = 10_000;

function dropRequestIndexes(db: Db): void {
  for (const { name } of requestIndexes(db)) db.exec(`DROP INDEX "${name}"`);
}

function requestIndexes(db: Db): { name: string }[] {
  return db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'requests' AND sql IS NOT NULL").all();
}

/**
 * Inserts the requests of the first `maxEvents` events of `file` into a new store (this code's schema and
 * the ingest connection's settings), once per variant, timing only the inserts: the least a store
 * answering the dashboard's questions does per request. No deduplication lookup, no stage-event list, no
 * combination table, one insert per request (a later stage's update is skipped): the real writer does
 * all of those on top. Each variant's time is per *event*, the targets' unit.
 */
export function measureStoreSteps(file: string, maxEvents: number, events: number, dir: string): { steps: StepTime[]; facts: StoredFacts[] } {
  const clock = new StepClock();
  const facts: StoredFacts[] = [];
  STORE_VARIANTS.forEach((variant, i) => {
    const dbFile = path.join(dir, `floor-${i}.db`);
    const db = openIngestDb(dbFile);
    try {
      if (!variant.indexes) dropRequestIndexes(db);
      const store = new RequestInserter(db, variant);
      const seen = new Set<string>();
      let pending: RowFields[] = [];
      const commit = () => {
        const rows = pending;
        pending = [];
        clock.time(variant.step, () => store.insert(rows));
      };
      for (const batch of requestBatches(file, maxEvents)) {
        for (const row of batch) {
          const auditID = row[FIELD.auditID] as string;
          if (seen.has(auditID)) continue;
          seen.add(auditID);
          pending.push(row);
        }
        if (pending.length >= REQUESTS_PER_COMMIT) commit();
      }
      if (pending.length > 0) commit();
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      facts.push({
        requests: count("SELECT count(*) AS n FROM requests"),
        indexes: requestIndexes(db).length,
        // A contentless index cannot be counted; its segments' size says whether it holds anything.
        freeTextBytes: count("SELECT coalesce(sum(length(block)), 0) AS n FROM requests_fts_data"),
        rollupTotal: count("SELECT coalesce(sum(n), 0) AS n FROM request_rollup"),
      });
    } finally {
      db.close();
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
    }
  });
  return { steps: clock.perEvent(events), facts };
}

class RequestInserter {
  private readonly ids = new Map<string, number>();
  private readonly combos = new Map<string, number>();
  private readonly insertString;
  private readonly insertRequest;
  private readonly insertFreeText;
  private readonly addToRollup;
  private readonly cluster: number | null;
  private nextKey = 0;

  constructor(private readonly db: Db, private readonly variant: StoreVariant) {
    this.insertString = db.prepare<[string]>("INSERT INTO strings (value) VALUES (?)");
    this.insertRequest = db.prepare(
      `INSERT INTO requests (cluster_id, audit_key, audit_id, ts, latency_us, stages, best_stage, event_count, flags, level, verb_id,
         user_id, groups_id, imp_user_id, source_ip_id, user_agent_id, api_group_id, api_version_id, resource_id, subresource_id,
         namespace_id, name, uri, code, decision, reason_id, message, combo_id, events)
       VALUES (${Array(29).fill("?").join(", ")})`,
    );
    this.insertFreeText = db.prepare("INSERT INTO requests_fts (rowid, uri, name, message) VALUES (?, ?, ?, ?)");
    this.addToRollup = db.prepare<[number, number, number]>(
      "INSERT INTO request_rollup (ts, combo_id, n) VALUES (?, ?, ?) ON CONFLICT (ts, combo_id) DO UPDATE SET n = n + excluded.n",
    );
    this.cluster = this.id("bench");
  }

  private id(value: string | number | null): number | null {
    if (value === null) return null;
    const text = String(value);
    let found = this.ids.get(text);
    if (found === undefined) this.ids.set(text, (found = Number(this.insertString.run(text).lastInsertRowid)));
    return found;
  }

  /** One transaction; the rollup is counted in memory per (minute, combination) and written once each. */
  insert(rows: RowFields[]): void {
    // The size of the stage-event list a request row carries (stage-events.ts), for two events.
    const stageEvents = Buffer.alloc(40, 1);
    const rollup = new Map<string, { minute: number; combo: number; n: number }>();
    this.db.transaction(() => {
      for (const row of rows) {
        const field = (i: number): string | number | null => row[i] ?? null;
        const receivedUs = (field(FIELD.receivedMs) as number) * 1000;
        const names = [FIELD.verb, FIELD.user, FIELD.groups, FIELD.impersonatedUser, FIELD.sourceIP, FIELD.userAgent, FIELD.apiGroup,
          FIELD.apiVersion, FIELD.resource, FIELD.subresource, FIELD.namespace].map((i) => this.id(field(i)));
        const decisionText = field(FIELD.decision);
        const decision = decisionText === "allow" || decisionText === "forbid" ? DECISION[decisionText] : null;
        const comboKey = `${names.join(",")},${field(FIELD.code)},${decision}`;
        let combo = this.combos.get(comboKey);
        if (combo === undefined) this.combos.set(comboKey, (combo = this.combos.size + 1));
        const uri = field(FIELD.uri) as string;
        const name = field(FIELD.name) as string | null;
        const message = field(FIELD.message);
        const { lastInsertRowid } = this.insertRequest.run(
          this.cluster, this.nextKey++, field(FIELD.auditID), receivedUs, (field(FIELD.stageMs) as number) * 1000 - receivedUs,
          0b1001, 3, 2, 0, 1, ...names, name, uri, field(FIELD.code), decision, this.id(field(FIELD.reason)), message, combo, stageEvents,
        );
        if (this.variant.freeText) this.insertFreeText.run(lastInsertRowid, uri, indexedName(uri, name), message);
        if (this.variant.rollup) {
          const minute = Math.floor(receivedUs / ROLLUP_BUCKET_US) * ROLLUP_BUCKET_US;
          const key = `${minute}:${combo}`;
          const sum = rollup.get(key);
          if (sum) sum.n++;
          else rollup.set(key, { minute, combo, n: 1 });
        }
      }
      for (const { minute, combo, n } of rollup.values()) this.addToRollup.run(minute, combo, n);
    }).immediate();
  }
}
