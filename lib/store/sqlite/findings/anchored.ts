import "server-only";
import { ruleMatches } from "@/lib/findings/engine";
import type { Rule, RuleMatch } from "@/lib/findings/types";
import type { Db } from "../db";
import { matchableByIds } from "../matchable";
import { keyText } from "./keys";

/** Requests read back at a time when a new first step looks for later steps stored before it. */
const BACKFILL_CHUNK = 5_000;

/**
 * A sequence whose first step is keyed can only chain a later keyed step's match to a first-step match of
 * the same key at most the window before it. Such later steps are often broad ("the identical request,
 * allowed" matches most successful requests), so storing every match would put a row beside nearly every
 * request; only those with a first step to chain to are stored. The verdicts are the same: a dropped
 * match is in no chain. Order of arrival does not matter either: a first-step match stored after the
 * later ones it anchors reads them back (backfill below).
 */
export function isAnchored(rule: Rule): boolean {
  return rule.kind === "sequence" && rule.steps[0]!.by.length > 0 && rule.steps.some((s, i) => i > 0 && s.by.length > 0);
}

const laterKeyed = (rule: Rule, m: RuleMatch) => m.step > 0 && rule.steps[m.step]!.by.length > 0;

/** First-step times per key. */
type Anchors = Map<string, number[]>;

function addAnchor(anchors: Anchors, key: string, ts: number): void {
  const list = anchors.get(key);
  if (list) list.push(ts);
  else anchors.set(key, [ts]);
}

const anchoredBy = (anchors: Anchors, m: RuleMatch, windowUs: number) =>
  anchors.get(m.key)?.some((ts) => ts <= m.tsUs && m.tsUs - ts <= windowUs) ?? false;

/**
 * Drops the later keyed steps' matches that no first step anchors (this batch's, or stored ones of other
 * requests), and returns, per rule, the stored requests whose later-step matches the batch's new first
 * steps anchor: the caller stores those and re-judges around them.
 */
export function anchorMatches(
  db: Db,
  matches: Map<Rule, RuleMatch[]>,
  batchIds: ReadonlySet<number>,
  ruleInts: ReadonlyMap<string, number>,
): Map<Rule, RuleMatch[]> {
  const backfilled = new Map<Rule, RuleMatch[]>();
  for (const [rule, list] of matches) {
    if (!isAnchored(rule) || list.length === 0) continue;
    const w = rule.windowUs!;
    const ruleInt = ruleInts.get(rule.id) ?? null;
    const anchors: Anchors = new Map();
    const fresh: RuleMatch[] = [];
    for (const m of list) if (m.step === 0) addAnchor(anchors, m.key, m.tsUs);
    const later = list.filter((m) => laterKeyed(rule, m));
    if (later.length > 0 && ruleInt !== null) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const m of later) {
        lo = Math.min(lo, m.tsUs - w);
        hi = Math.max(hi, m.tsUs);
      }
      const stored = db
        .prepare<[number, number, number], { key: string; ts: number; request_id: number }>(
          `SELECT ${keyText("key")} AS key, ts, request_id FROM rule_matches WHERE rule = ? AND step = 0 AND ts >= ? AND ts <= ?`,
        )
        .all(ruleInt, lo, hi);
      for (const row of stored) if (!batchIds.has(row.request_id)) addAnchor(anchors, row.key, row.ts);
    }
    matches.set(rule, list.filter((m) => !laterKeyed(rule, m) || anchoredBy(anchors, m, w)));
    for (const m of list) if (m.step === 0 && !storedFirstStep(db, ruleInt, m)) fresh.push(m);
    if (fresh.length > 0) backfilled.set(rule, backfill(db, rule, fresh, batchIds));
  }
  return backfilled;
}

function storedFirstStep(db: Db, ruleInt: number | null, m: RuleMatch): boolean {
  if (ruleInt === null) return false;
  return (
    db
      .prepare<[number, number, number, string], { n: number }>(
        "SELECT 1 AS n FROM rule_matches WHERE rule = ? AND ts = ? AND request_id = ? AND step = 0 AND key = (SELECT id FROM finding_keys WHERE value = ?)",
      )
      .get(ruleInt, m.tsUs, m.requestId, m.key) !== undefined
  );
}

/** Later-step matches of stored requests (outside the batch) that the new first steps anchor. */
function backfill(db: Db, rule: Rule, firsts: readonly RuleMatch[], batchIds: ReadonlySet<number>): RuleMatch[] {
  const w = rule.windowUs!;
  const anchors: Anchors = new Map();
  for (const m of firsts) addAnchor(anchors, m.key, m.tsUs);
  const ids: number[] = [];
  const inRange = db.prepare<[number, number], { id: number }>("SELECT id FROM requests WHERE ts >= ? AND ts <= ?");
  for (const [from, to] of mergedWindows(firsts.map((m) => m.tsUs), w)) {
    for (const row of inRange.iterate(from, to)) if (!batchIds.has(row.id)) ids.push(row.id);
  }
  const out: RuleMatch[] = [];
  for (let i = 0; i < ids.length; i += BACKFILL_CHUNK) {
    for (const [id, request] of matchableByIds(db, ids.slice(i, i + BACKFILL_CHUNK))) {
      for (const m of ruleMatches(rule, { id, request, bodies: () => undefined })) {
        if (laterKeyed(rule, m) && anchoredBy(anchors, m, w)) out.push(m);
      }
    }
  }
  return out;
}

/** [t, t + w] for each time, overlapping ones merged. */
function mergedWindows(times: number[], w: number): [number, number][] {
  const sorted = [...times].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const t of sorted) {
    const last = out.at(-1);
    if (last && t <= last[1]) last[1] = Math.max(last[1], t + w);
    else out.push([t, t + w]);
  }
  return out;
}
