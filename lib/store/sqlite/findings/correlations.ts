import "server-only";
import { correlateHits } from "@/lib/findings/correlate";
import { rejudgeRanges } from "@/lib/findings/rejudge-ranges";
import type { Rule, RuleMatch } from "@/lib/findings/types";
import type { NewFinding } from "@/lib/store/ingest-target";
import type { Db } from "../db";
import { FindingKeys, keyText } from "./keys";

type MatchRow = { request_id: number; ts: number; step: number; key: string; distinct_value: string | null; differ_value: string | null };
type HitRow = { request_id: number; ts: number; key: string | null };

const toMatch = (r: MatchRow): RuleMatch => ({
  requestId: r.request_id, tsUs: r.ts, step: r.step, key: r.key, distinct: r.distinct_value, differ: r.differ_value,
});

/**
 * Judges a correlation rule's hits anew in [from, to) (µs, half-open) from the stored matches, and
 * replaces the rule's hits there with the verdicts: hits that stay are left alone, so only a hit that
 * did not exist before comes back as new. A request's hit status depends only on the matches within
 * the window either side of it (docs/findings.md), so the matches of [from − W, to + W) decide the range.
 */
export function judgeRange(db: Db, rule: Rule, ruleInt: number, from: number, to: number): NewFinding[] {
  const w = rule.windowUs!;
  const matches = db
    .prepare<[number, number, number], MatchRow>(
      `SELECT request_id, ts, step, ${keyText("key")} AS key, ${keyText("distinct_value")} AS distinct_value,
       ${keyText("differ_value")} AS differ_value FROM rule_matches
       WHERE rule = ? AND ts >= ? AND ts < ? ORDER BY ts, request_id, step`,
    )
    .all(ruleInt, from - w, to + w)
    .map(toMatch);
  const verdict = correlateHits(rule, matches);
  const hits = new Map<number, { ts: number; key: string }>();
  for (const m of matches) {
    const key = verdict.get(m.requestId);
    if (key !== undefined && m.tsUs >= from && m.tsUs < to) hits.set(m.requestId, { ts: m.tsUs, key });
  }
  const old = db
    .prepare<[number, number, number], HitRow>(`SELECT request_id, ts, ${keyText("key")} AS key FROM finding_hits WHERE rule = ? AND ts >= ? AND ts < ?`)
    .all(ruleInt, from, to);
  const remove = db.prepare<[number, number]>("DELETE FROM finding_hits WHERE rule = ? AND request_id = ?");
  const update = db.prepare<[number, number, number, number]>("UPDATE finding_hits SET ts = ?, key = ? WHERE rule = ? AND request_id = ?");
  const keys = new FindingKeys(db);
  const kept = new Set<number>();
  for (const row of old) {
    const hit = hits.get(row.request_id);
    if (!hit) {
      remove.run(ruleInt, row.request_id);
      continue;
    }
    kept.add(row.request_id);
    if (hit.key !== row.key || hit.ts !== row.ts) update.run(hit.ts, keys.id(hit.key), ruleInt, row.request_id);
  }
  const insert = db.prepare<[number, number, number, number]>(
    "INSERT OR REPLACE INTO finding_hits (rule, request_id, ts, key, detail) VALUES (?, ?, ?, ?, NULL)",
  );
  const fresh: NewFinding[] = [];
  for (const [requestId, hit] of hits) {
    if (kept.has(requestId)) continue;
    insert.run(ruleInt, requestId, hit.ts, keys.id(hit.key));
    fresh.push({ ruleId: rule.id, severity: rule.severity, requestId, tsUs: hit.ts, key: hit.key });
  }
  return fresh;
}

/**
 * Re-judges what changed matches at `points` (their times) can have changed: the hits within the window
 * either side of them, in the ranges rejudgeRanges groups them into, so a batch reads the matches around
 * what it wrote, not everything between.
 */
export function recorrelate(db: Db, rule: Rule, ruleInt: number, points: readonly number[]): NewFinding[] {
  const fresh: NewFinding[] = [];
  // rejudgeRanges' ranges are inclusive; judgeRange reads W either side of its half-open range itself.
  for (const { judge } of rejudgeRanges(points, rule.windowUs!)) {
    for (const f of judgeRange(db, rule, ruleInt, judge.fromUs, judge.toUs + 1)) fresh.push(f);
  }
  return fresh;
}
