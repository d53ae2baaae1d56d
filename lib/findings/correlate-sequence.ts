import { byPosition, groupBy } from "./match-order";
import type { Rule, RuleMatch } from "./types";

/**
 * The candidates for one step, in position order, and the ranges of them found in chains. `nextOther[j]`
 * / `prevOther[j]` are the nearest candidates after / before j whose `differ` value is not j's, so that
 * "the next candidate whose value differs from the first step's" is one lookup, not a scan.
 */
class StepList {
  readonly nextOther: Int32Array;
  readonly prevOther: Int32Array;
  /** [from, to) ranges of participants, with the first step's `differ` value they must not share. */
  readonly ranges: { from: number; to: number; not: string | null }[] = [];

  constructor(readonly items: RuleMatch[]) {
    items.sort(byPosition);
    const n = items.length;
    this.nextOther = new Int32Array(n);
    this.prevOther = new Int32Array(n);
    for (let j = n - 1; j >= 0; j--) {
      const next = j + 1;
      this.nextOther[j] = next === n || items[next]!.differ !== items[j]!.differ ? next : this.nextOther[next]!;
    }
    for (let j = 0; j < n; j++) {
      const prev = j - 1;
      this.prevOther[j] = prev < 0 || items[prev]!.differ !== items[j]!.differ ? prev : this.prevOther[prev]!;
    }
  }

  /** The first index whose position is after `p` (`strict`) or at or after it. */
  search(p: { tsUs: number; requestId: number }, strict: boolean): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = byPosition(this.items[mid]!, p);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first index with a time after `tsUs`. */
  after(tsUs: number): number {
    return this.search({ tsUs, requestId: Infinity }, true);
  }

  /** From index j forward (or backward), the first candidate whose `differ` is not `not`. */
  skip(j: number, not: string | null, forward: boolean): number {
    const item = this.items[j];
    if (not === null || item === undefined || item.differ !== not) return j;
    return forward ? this.nextOther[j]! : this.prevOther[j]!;
  }

  /** Adds to `hits` every candidate inside a range whose `differ` is not that range's first-step value. */
  collect(hits: Set<number>): void {
    const byFrom = [...this.ranges].sort((a, b) => a.from - b.from);
    const byTo = [...this.ranges].sort((a, b) => a.to - b.to);
    const active = new Map<string | null, number>();
    const change = (not: string | null, by: number) => {
      const count = (active.get(not) ?? 0) + by;
      if (count === 0) active.delete(not);
      else active.set(not, count);
    };
    let f = 0;
    let t = 0;
    for (let j = 0; j < this.items.length; j++) {
      while (t < byTo.length && byTo[t]!.to <= j) change(byTo[t++]!.not, -1);
      while (f < byFrom.length && byFrom[f]!.from <= j) change(byFrom[f++]!.not, 1);
      if (active.size === 0) continue;
      const item = this.items[j]!;
      // Two different excluded values cannot both be this candidate's, so one of their ranges admits it.
      if (active.size >= 2 || active.has(null) || !active.has(item.differ)) hits.add(item.requestId);
    }
  }
}

/**
 * The requests in at least one chain r0 < r1 < … < rk (by time, then request id) with ri a match of
 * step i, rk at most W after r0, one key across the keyed steps, and, with `differ`, each later step's
 * value unlike r0's.
 *
 * For each first step r0 the chains need no search: with the deadline r0.ts + W and r0's `differ`
 * value fixed, the earliest completion E (each step's first eligible candidate after the previous one)
 * and the latest L (each step's last eligible candidate before the next one, from the deadline back)
 * bound every chain, and a candidate of step i is in a chain exactly when it lies after E[i−1] and
 * before L[i+1]. So each r0 costs O(k log m) and adds one range per step; ranges are collected in one
 * sweep per step. Unkeyed steps (`by: []`) are shared by every key: their candidates are searched in
 * one list. The loader requires the first step to be keyed when any step is, which makes the whole call
 * O(m k log m); a hand-built rule with an unkeyed first step is still answered exactly, trying its
 * first steps per key within that key's time span. No cap is needed, and none would be safe: a cap
 * would make a verdict depend on how the matches were batched.
 */
export function sequenceHits(rule: Rule, matches: readonly RuleMatch[]): Set<number> {
  const last = rule.steps.length - 1;
  const width = rule.windowUs ?? 0;
  const keyed = rule.steps.map((s) => s.by.length > 0);
  const useDiffer = rule.differ.length > 0;
  const byStep = groupBy(matches, (m) => String(m.step));
  const stepMatches = (i: number) => byStep.get(String(i)) ?? [];
  const shared = rule.steps.map((_, i) => (keyed[i] ? null : new StepList([...stepMatches(i)])));
  const keyedMatches = rule.steps.flatMap((_, i) => (keyed[i] ? stepMatches(i) : []));
  const groups = keyed.some(Boolean) ? groupBy(keyedMatches, (m) => m.key) : new Map([["", []]]);

  const hits = new Set<number>();
  const owned: StepList[] = [];
  for (const group of groups.values()) {
    const ofStep = groupBy(group, (m) => String(m.step));
    const lists = rule.steps.map((_, i) => shared[i] ?? new StepList(ofStep.get(String(i)) ?? []));
    if (lists.some((l) => l.items.length === 0)) continue;
    owned.push(...lists.filter((_, i) => keyed[i]));
    let from = 0;
    let to = lists[0]!.items.length;
    if (!keyed[0] && group.length > 0) {
      // A chain of this key needs a keyed match at most W after its start and after it.
      let min = Infinity;
      let max = -Infinity;
      for (const m of group) [min, max] = [Math.min(min, m.tsUs), Math.max(max, m.tsUs)];
      from = lists[0]!.after(min - width - 1);
      to = lists[0]!.after(max);
    }
    for (let s = from; s < to; s++) chainsFrom(lists, lists[0]!.items[s]!, width, useDiffer, last, hits);
  }
  for (const list of [...owned, ...shared.filter((l) => l !== null)]) list.collect(hits);
  return hits;
}

function chainsFrom(lists: StepList[], r0: RuleMatch, width: number, useDiffer: boolean, last: number, hits: Set<number>): void {
  const deadline = r0.tsUs + width;
  const not = useDiffer ? r0.differ : null;
  const firstAfter: number[] = [];
  let previous: RuleMatch = r0;
  for (let i = 1; i <= last; i++) {
    const list = lists[i]!;
    firstAfter[i] = list.search(previous, true);
    const j = list.skip(firstAfter[i]!, not, true);
    const next = list.items[j];
    if (next === undefined || next.tsUs > deadline) return;
    previous = next;
  }
  hits.add(r0.requestId);
  let upTo = lists[last]!.after(deadline);
  for (let i = last; i >= 1; i--) {
    const list = lists[i]!;
    list.ranges.push({ from: firstAfter[i]!, to: upTo, not });
    if (i > 1) upTo = lists[i - 1]!.search(list.items[list.skip(upTo - 1, not, false)]!, false);
  }
}
