import { sequenceHits } from "./correlate-sequence";
import { byPosition, groupBy } from "./match-order";
import type { Rule, RuleMatch } from "./types";

/**
 * Correlation rules judge requests together: which of them are hits depends on the other matches near
 * them in time. `correlate` is the reference the store's incremental computation must reproduce; the
 * store hands it every match of [lo − W, hi + W] and keeps the verdicts for [lo, hi], which is exact
 * because a request's verdict depends only on matches at most W away (see docs/findings.md).
 */

/** The request ids among `matches` that are hits of a threshold or sequence rule. */
export function correlate(rule: Rule, matches: readonly RuleMatch[]): Set<number> {
  const unique = uniqueMatches(matches);
  if (rule.kind === "threshold") return thresholdHits(rule, unique);
  if (rule.kind === "sequence") return sequenceHits(rule, unique);
  return new Set();
}

/**
 * The hits of a correlation with the key each is shown under: the key of the request's first keyed step
 * that a first step can chain to (for a threshold rule, its only match), else of its first step. It
 * depends on the request's own matches and the first steps of their keys, which a store keeps.
 */
export function correlateHits(rule: Rule, matches: readonly RuleMatch[]): Map<number, string> {
  const hits = correlate(rule, matches);
  const keys = new Map<number, { step: number; key: string; keyed: boolean }>();
  const chains = chainableLaterSteps(rule, matches);
  for (const m of matches) {
    if (!hits.has(m.requestId) || !chains(m)) continue;
    const keyed = rule.kind === "threshold" || (rule.steps[m.step]?.by.length ?? 0) > 0;
    const seen = keys.get(m.requestId);
    if (!seen || (keyed && !seen.keyed) || (keyed === seen.keyed && m.step < seen.step)) keys.set(m.requestId, { step: m.step, key: m.key, keyed });
  }
  return new Map([...keys].map(([id, k]) => [id, k.key]));
}

/**
 * Whether a match can be in a chain as far as its own key goes: a later keyed step of a sequence needs a
 * first-step match of its key at most the window before it. A store keeps only such matches
 * (lib/store/sqlite/findings/anchored.ts), so the key a hit is shown under is chosen among them alone.
 */
function chainableLaterSteps(rule: Rule, matches: readonly RuleMatch[]): (m: RuleMatch) => boolean {
  if (rule.kind !== "sequence" || rule.steps[0]!.by.length === 0) return () => true;
  const w = rule.windowUs!;
  const firsts = new Map<string, number[]>();
  for (const m of matches) {
    if (m.step !== 0) continue;
    const list = firsts.get(m.key);
    if (list) list.push(m.tsUs);
    else firsts.set(m.key, [m.tsUs]);
  }
  return (m) =>
    m.step === 0 || rule.steps[m.step]!.by.length === 0 || (firsts.get(m.key)?.some((ts) => ts <= m.tsUs && m.tsUs - ts <= w) ?? false);
}

/** A request matches a step once, however often a caller passes it. */
function uniqueMatches(matches: readonly RuleMatch[]): RuleMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const id = `${m.requestId}:${m.step}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * A match is a hit when some window [a.ts, a.ts + W) that starts at a match of its key and contains it
 * holds at least N matches of that key (N distinct `distinct` values when set). One pass per key: the
 * window's start steps through the distinct times, its end only moves forward, and each match is marked
 * at most once, so the work is O(m log m) for the sort and linear after it.
 */
function thresholdHits(rule: Rule, matches: readonly RuleMatch[]): Set<number> {
  const need = rule.threshold ?? Infinity;
  const width = rule.windowUs ?? 0;
  const distinct = rule.distinct.length > 0;
  const hits = new Set<number>();
  for (const list of groupBy(matches, (m) => m.key).values()) {
    list.sort(byPosition);
    const counts = new Map<string, number>();
    const add = (m: RuleMatch, by: number) => {
      const value = m.distinct ?? "null";
      const n = (counts.get(value) ?? 0) + by;
      if (n === 0) counts.delete(value);
      else counts.set(value, n);
    };
    let end = 0;
    let marked = 0;
    let start = 0;
    while (start < list.length) {
      const from = list[start]!.tsUs;
      for (; end < list.length && list[end]!.tsUs < from + width; end++) if (distinct) add(list[end]!, 1);
      if ((distinct ? counts.size : end - start) >= need) {
        for (let i = Math.max(start, marked); i < end; i++) hits.add(list[i]!.requestId);
        marked = end;
      }
      for (; start < list.length && list[start]!.tsUs === from; start++) if (distinct) add(list[start]!, -1);
    }
  }
  return hits;
}
