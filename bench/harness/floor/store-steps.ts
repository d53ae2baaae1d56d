import fs from "node:fs";
import path from "node:path";
import { openIngestDb, type Db } from "@/lib/store/db";
import { ROW_FIELD as F, type RowFields } from "./parse-steps";
import { StepClock, type StepTime } from "./step-clock";

/** What a store variant maintains beside the request row. */
type StoreVariant = { step: string; indexes: boolean; freeText: boolean; rollup: boolean };

export const STORE_VARIANTS: StoreVariant[] = [
  { step: "a row per request (the store's table, no index)", indexes: false, freeText: false, rollup: false },
  { step: "… with the store's indexes on requests", indexes: true, freeText: false, rollup: false },
  { step: "… and a free-text entry per request", indexes: true, freeText: true, rollup: false },
  { step: "… and a per-minute rollup count per request", indexes: true, freeText: true, rollup: true },
];

/** Requests per transaction: the writer commits every 20 000 events, about 10 000 requests. */
const REQUESTS_PER_COMMIT = 10_000;
const DECISIONS: Record<string, number> = { allow: 1, forbid: 2 };

function dropRequestIndexes(db: Db): void {
  const names = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'requests' AND sql IS NOT NULL")
    .all();
  for (const { name } of names) db.exec(`DROP INDEX "${name}"`);
}

/**
 * Inserts `rows` into a new store (this code's schema and the ingest connection's settings), once per
 * variant, and times each: the least a store answering the dashboard's questions does per request. No
 * deduplication lookup, no stage-event list, no combination table: those come on top in the real writer.
 * Returns each variant's time per *event* (the targets' unit) and the rows each store ended with.
 */
export function measureStoreSteps(rows: RowFields[], events: number, dir: string): { steps: StepTime[]; storedRows: number[] } {
  const clock = new StepClock();
  const storedRows: number[] = [];
  for (const variant of STORE_VARIANTS) {
    const file = path.join(dir, `floor-${STORE_VARIANTS.indexOf(variant)}.db`);
    const db = openIngestDb(file);
    try {
      if (!variant.indexes) dropRequestIndexes(db);
      clock.time(variant.step, () => insertRows(db, rows, variant));
      storedRows.push((db.prepare("SELECT count(*) AS n FROM requests").get() as { n: number }).n);
    } finally {
      db.close();
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    }
  }
  return { steps: clock.perEvent(events), storedRows };
}

function insertRows(db: Db, rows: RowFields[], variant: StoreVariant): void {
  const ids = new Map<string, number>();
  const insertString = db.prepare<[string]>("INSERT INTO strings (value) VALUES (?)");
  const id = (value: string | number | null): number | null => {
    if (value === null) return null;
    const text = String(value);
    let found = ids.get(text);
    if (found === undefined) ids.set(text, (found = Number(insertString.run(text).lastInsertRowid)));
    return found;
  };
  const combos = new Map<string, number>();
  const insertRequest = db.prepare(
    `INSERT INTO requests (cluster_id, audit_key, audit_id, ts, latency_us, stages, best_stage, event_count, flags, level, verb_id,
       user_id, groups_id, imp_user_id, source_ip_id, user_agent_id, api_group_id, api_version_id, resource_id, subresource_id,
       namespace_id, name, uri, code, decision, reason_id, message, combo_id, events)
     VALUES (${Array(29).fill("?").join(", ")})`,
  );
  const insertFreeText = db.prepare("INSERT INTO requests_fts (rowid, uri, name, message) VALUES (?, ?, ?, ?)");
  const countInRollup = db.prepare(
    "INSERT INTO request_rollup (ts, combo_id, n) VALUES (?, ?, 1) ON CONFLICT (ts, combo_id) DO UPDATE SET n = n + 1",
  );
  // The size of the stage-event list a request row carries (stage-events.ts), for two events.
  const stageEvents = Buffer.alloc(40, 1);
  const cluster = id("bench");
  for (let i = 0; i < rows.length; i += REQUESTS_PER_COMMIT) {
    db.transaction(() => {
      for (let j = i; j < Math.min(rows.length, i + REQUESTS_PER_COMMIT); j++) {
        const row = rows[j]!;
        const f = (field: number): string | number | null => row[field] ?? null;
        const receivedUs = (f(F.receivedMs) as number) * 1000;
        const names = [f(F.verb), f(F.user), f(F.groups), f(F.impersonatedUser), f(F.sourceIP), f(F.userAgent), f(F.apiGroup),
          f(F.apiVersion), f(F.resource), f(F.subresource), f(F.namespace)].map(id);
        const decision = DECISIONS[f(F.decision) as string] ?? null;
        const comboKey = `${names.join(",")},${f(F.code)},${decision}`;
        let combo = combos.get(comboKey);
        if (combo === undefined) combos.set(comboKey, (combo = combos.size + 1));
        const { lastInsertRowid } = insertRequest.run(
          cluster, j, f(F.auditID), receivedUs, (f(F.stageMs) as number) * 1000 - receivedUs, 0b1001, 3, 2, 0, 1, ...names,
          f(F.name), f(F.uri), f(F.code), decision, id(f(F.reason)), f(F.message), combo, stageEvents,
        );
        if (variant.freeText) insertFreeText.run(lastInsertRowid, f(F.uri), f(F.name), f(F.message));
        if (variant.rollup) countInRollup.run(Math.floor(receivedUs / 60_000_000) * 60_000_000, combo);
      }
    }).immediate();
  }
}
