import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Rule, RuleSet } from "@/lib/findings/types";
import type { Db } from "../db";
import { judgeRange } from "./correlations";
import { isCorrelation } from "./evaluate";
import { pruneFindingKeys } from "./keys";
import { ruleIdsOf } from "./rule-ids";
import { noteRecomputeStarted, recordRecomputed, stillRecomputing } from "./state";
import { FindingsUpdater, type BodyContextSource } from "./updater";

/** Requests evaluated per transaction: each holds the write lock a fraction of a second, as deletions do. */
const CHUNK = 5_000;
/** Correlation matches judged per transaction. */
const SLICE = 50_000;

export type RecomputeProgress = { requests: number; total: number };
/** `current`: false when a batch evaluated with other rules was written meanwhile, a mix only the next recompute clears. */
export type Recomputed = { requests: number; hits: number; current: boolean };

/**
 * Computes every stored request's findings again with `set` (after rules changed): requests in chunks of
 * one transaction each, then each correlation rule over its stored matches a time slice at a time,
 * yielding between transactions so that ingest on another connection (or this one) goes on. Only
 * differences are written, as on ingest; rules no longer loaded lose their hits at once. A batch written
 * meanwhile keeps its own findings current, and the slices judged after it see its matches.
 */
export async function recomputeFindings(
  db: Db,
  set: RuleSet,
  context: BodyContextSource,
  onProgress?: (progress: RecomputeProgress) => void,
): Promise<Recomputed> {
  const startedUs = Date.now() * 1000;
  const updater = new FindingsUpdater(db, () => set, context);
  const ruleInts = db.transaction(() => {
    noteRecomputeStarted(db, set.fingerprint);
    const ints = ruleIdsOf(db, set.rules.map((r) => r.id));
    const loaded = JSON.stringify([...ints.values()]);
    db.prepare<[string]>("DELETE FROM finding_hits WHERE rule NOT IN (SELECT value FROM json_each(?))").run(loaded);
    db.prepare<[string]>("DELETE FROM rule_matches WHERE rule NOT IN (SELECT value FROM json_each(?))").run(loaded);
    return ints;
  }).immediate();

  const total = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM requests").get()!.n;
  const next = db.prepare<[number, number], { id: number }>("SELECT id FROM requests WHERE id > ? ORDER BY id LIMIT ?");
  let after = 0;
  let requests = 0;
  for (;;) {
    const ids = db.transaction(() => {
      // Another recompute, or a batch, with other rules came meanwhile: the findings stay a mix whatever
      // this one does, so it stops rather than write over what the other one judged.
      if (!stillRecomputing(db, set.fingerprint)) return null;
      const chunk = next.all(after, CHUNK).map((r) => r.id);
      updater.update(chunk, startedUs, false);
      return chunk;
    }).immediate();
    if (ids === null) return { requests, hits: hitCount(db), current: false };
    requests += ids.length;
    onProgress?.({ requests, total: Math.max(total, requests) });
    if (ids.length < CHUNK) break;
    after = ids[ids.length - 1]!;
    await nextTurn();
  }

  for (const rule of set.rules.filter(isCorrelation)) {
    if (!(await judgeAll(db, rule, ruleInts.get(rule.id)!, set.fingerprint))) return { requests, hits: hitCount(db), current: false };
  }
  const current = db.transaction(() => {
    pruneFindingKeys(db);
    return recordRecomputed(db, set.fingerprint, startedUs);
  }).immediate();
  return { requests, hits: hitCount(db), current };
}

const hitCount = (db: Db) => db.prepare<[], { n: number }>("SELECT count(*) AS n FROM finding_hits").get()!.n;

/**
 * Judges a correlation rule over all time, in slices of about SLICE matches: [−∞, t1), [t1, t2), … [tn, ∞).
 * False when it stopped because other rules came meanwhile (stillRecomputing).
 */
async function judgeAll(db: Db, rule: Rule, ruleInt: number, fingerprint: string): Promise<boolean> {
  const boundary = db.prepare<[number, number, number], { ts: number }>(
    "SELECT ts FROM rule_matches WHERE rule = ? AND ts > ? ORDER BY ts LIMIT 1 OFFSET ?",
  );
  let from = -Infinity;
  for (;;) {
    const to = db.transaction(() => {
      if (!stillRecomputing(db, fingerprint)) return null;
      const end = boundary.get(ruleInt, from, SLICE)?.ts ?? Infinity;
      judgeRange(db, rule, ruleInt, from, end);
      return end;
    }).immediate();
    if (to === null) return false;
    if (to === Infinity) return true;
    from = to;
    await nextTurn();
  }
}
