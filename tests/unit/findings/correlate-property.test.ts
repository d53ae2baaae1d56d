import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { correlate } from "@/lib/findings/correlate";
import { rejudgeRanges } from "@/lib/findings/rejudge-ranges";
import type { Rule, RuleMatch } from "@/lib/findings/types";
import { bruteForce } from "./brute-force";
import { ruleOf } from "./rules";

const S = 1_000_000;

/** A request as correlations see it: when, whose, its `differ`/`distinct` value, and which steps it matches. */
type Req = { id: number; t: number; user: string; value: string; steps: number[] };

const reqs = (steps: number) =>
  fc
    .array(
      fc.record({
        t: fc.integer({ min: 0, max: 40 }),
        user: fc.constantFrom("alice", "bob", "carol"),
        value: fc.constantFrom("x", "y", "z"),
        steps: fc.subarray([...Array(steps).keys()], { minLength: 1 }),
      }),
      { maxLength: 14 },
    )
    .map((list) => list.map((r, i): Req => ({ ...r, id: i + 1 })));

const thresholdRule = fc
  .record({ n: fc.integer({ min: 2, max: 4 }), w: fc.constantFrom(5, 10), distinct: fc.boolean() })
  .map(({ n, w, distinct }) => ruleOf("p.threshold", `match: 'verb:get'\nthreshold: ${n}\nwindow: ${w}s\nby: [user]\n${distinct ? "distinct: [name]\n" : ""}`));

const sequenceRule = fc
  .record({ keyed: fc.array(fc.boolean(), { minLength: 2, maxLength: 3 }), w: fc.constantFrom(5, 10), differ: fc.boolean() })
  .map(({ keyed, w, differ }) => {
    // The loader wants the first step keyed when any is; correlate must still be right on a rule without it.
    const loadable = keyed.map((k, i) => k || (i === 0 && keyed.some(Boolean)));
    const steps = loadable.map((k, i) => `  - { match: 'verb:get${i}'${k ? "" : ", by: []"} }\n`).join("");
    const rule = ruleOf("p.sequence", `window: ${w}s\nby: [user]\n${differ ? "differ: [name]\n" : ""}sequence:\n${steps}`);
    return { ...rule, steps: rule.steps.map((s, i) => (keyed[i] ? s : { ...s, by: [] })) };
  });

function matchesOf(rule: Rule, requests: readonly Req[]): RuleMatch[] {
  return requests.flatMap((r) =>
    r.steps
      .filter((step) => step < Math.max(1, rule.steps.length))
      .map((step) => ({
        requestId: r.id,
        tsUs: r.t * S,
        step,
        key: rule.kind === "threshold" || rule.steps[step]!.by.length > 0 ? JSON.stringify([r.user]) : "[]",
        distinct: rule.kind === "threshold" ? JSON.stringify([r.value]) : null,
        differ: rule.kind === "sequence" && rule.differ.length > 0 ? JSON.stringify([r.value]) : null,
      })),
  );
}

/**
 * The store's incremental scheme: per batch, replace the matches of the batch's requests (a request seen
 * again, with a later stage, may match other steps now); then for each range rejudgeRanges gives for
 * the batch's times, run correlate on everything stored in its `read` range and replace the verdicts of
 * its `judge` range. `span` uses one range around the whole batch instead, [lo − 2W, hi + 2W].
 */
function incremental(rule: Rule, batches: readonly Req[][], span = false): Set<number> {
  const w = rule.windowUs!;
  let stored: RuleMatch[] = [];
  const hits = new Set<number>();
  for (const batch of batches) {
    if (batch.length === 0) continue;
    const ids = new Set(batch.map((r) => r.id));
    stored = [...stored.filter((m) => !ids.has(m.requestId)), ...matchesOf(rule, batch)];
    for (const id of ids) hits.delete(id);
    const times = batch.map((r) => r.t * S);
    const [lo, hi] = [Math.min(...times), Math.max(...times)];
    const ranges = span ? [{ judge: { fromUs: lo - w, toUs: hi + w }, read: { fromUs: lo - 2 * w, toUs: hi + 2 * w } }] : rejudgeRanges(times, w);
    for (const { judge, read } of ranges) {
      const verdicts = correlate(rule, stored.filter((m) => m.tsUs >= read.fromUs && m.tsUs <= read.toUs));
      for (const m of stored) {
        if (m.tsUs < judge.fromUs || m.tsUs > judge.toUs) continue;
        if (verdicts.has(m.requestId)) hits.add(m.requestId);
        else hits.delete(m.requestId);
      }
    }
  }
  return hits;
}

/** Requests cut into batches: in time order (a file read in halves, a tail) or in any order (uploads of parts). */
const split = (requests: Req[]) =>
  fc.record({ ordered: fc.boolean(), cuts: fc.array(fc.integer({ min: 0, max: Math.max(0, requests.length) }), { maxLength: 4 }), order: fc.shuffledSubarray(requests, { minLength: requests.length, maxLength: requests.length }) }).map(({ ordered, cuts, order }) => {
    const list = ordered ? [...requests].sort((a, b) => a.t - b.t || a.id - b.id) : order;
    const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b), list.length];
    return bounds.slice(1).map((end, i) => list.slice(bounds[i], end));
  });

const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);

describe("correlate, property-based", () => {
  for (const [name, rules] of [
    ["threshold", thresholdRule],
    ["sequence", sequenceRule],
  ] as const) {
    it(`${name}: equals the brute-force definition`, () => {
      fc.assert(
        fc.property(rules, reqs(3), (rule, requests) => {
          const all = matchesOf(rule, requests);
          expect(sorted(correlate(rule, all))).toEqual(sorted(bruteForce(rule, all)));
        }),
        { numRuns: 400 },
      );
    });

    it(`${name}: gives the same hits whatever the batches and their order`, () => {
      fc.assert(
        fc.property(
          rules,
          reqs(3).chain((requests) => fc.tuple(fc.constant(requests), split(requests))),
          (rule, [requests, batches]) => {
            const whole = sorted(correlate(rule, matchesOf(rule, requests)));
            expect(sorted(incremental(rule, batches))).toEqual(whole);
            expect(sorted(incremental(rule, batches, true))).toEqual(whole);
          },
        ),
        { numRuns: 400 },
      );
    });

    it(`${name}: one request at a time, as a tail delivers them`, () => {
      fc.assert(
        fc.property(rules, reqs(3), (rule, requests) => {
          const ordered = [...requests].sort((a, b) => a.t - b.t || a.id - b.id);
          expect(sorted(incremental(rule, ordered.map((r) => [r])))).toEqual(sorted(correlate(rule, matchesOf(rule, requests))));
        }),
        { numRuns: 200 },
      );
    });

    it(`${name}: stays exact when requests come again, changed or not`, () => {
      const changed = (r: Req) => fc.record({ user: fc.constantFrom(r.user, "alice", "bob"), steps: fc.subarray([0, 1, 2]) }).map((c): Req => ({ ...r, ...c }));
      fc.assert(
        fc.property(
          rules,
          reqs(3).chain((first) => fc.tuple(fc.constant(first), fc.shuffledSubarray(first).chain((again) => fc.tuple(...again.map(changed))))),
          fc.integer({ min: 1, max: 4 }),
          (rule, [first, again], size) => {
            const batches = [first, again].flatMap((list) => list.map((_, i) => list.slice(i * size, i * size + size)));
            const final = new Map([...first, ...again].map((r) => [r.id, r]));
            expect(sorted(incremental(rule, batches))).toEqual(sorted(correlate(rule, matchesOf(rule, [...final.values()]))));
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it("sequence: more matches never remove a hit", () => {
    fc.assert(
      fc.property(sequenceRule, reqs(3), fc.integer({ min: 0, max: 14 }), (rule, requests, keep) => {
        const fewer = correlate(rule, matchesOf(rule, requests.slice(0, keep)));
        const more = correlate(rule, matchesOf(rule, requests));
        for (const id of fewer) expect(more.has(id)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
