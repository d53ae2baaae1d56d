import { describe, expect, it } from "vitest";
import { correlate, correlateHits } from "@/lib/findings/correlate";
import { rejudgeRanges } from "@/lib/findings/rejudge-ranges";
import type { RuleMatch } from "@/lib/findings/types";
import { ruleOf } from "./rules";

const S = 1_000_000;
const match = (requestId: number, seconds: number, fields: Partial<RuleMatch> = {}): RuleMatch => ({
  requestId,
  tsUs: seconds * S,
  step: 0,
  key: '["alice"]',
  distinct: null,
  differ: null,
  ...fields,
});
const ids = (set: Set<number>) => [...set].sort((a, b) => a - b);

describe("correlate: threshold", () => {
  const burst = ruleOf("t.burst", "match: 'code:403'\nthreshold: 3\nwindow: 1m\nby: [user]\n");

  it("finds N matches within the window, and not N − 1", () => {
    expect(ids(correlate(burst, [match(1, 0), match(2, 30), match(3, 59.999999)]))).toEqual([1, 2, 3]);
    expect(ids(correlate(burst, [match(1, 0), match(2, 30)]))).toEqual([]);
  });

  it("takes the window as [start, start + W): matches exactly W apart are not in one window", () => {
    expect(ids(correlate(burst, [match(1, 0), match(2, 30), match(3, 60)]))).toEqual([]);
  });

  it("marks only the matches inside a full window", () => {
    expect(ids(correlate(burst, [match(1, 0), match(2, 30), match(3, 59), match(4, 100)]))).toEqual([1, 2, 3]);
    expect(ids(correlate(burst, [match(1, 0), match(2, 50), match(3, 70), match(4, 100)]))).toEqual([2, 3, 4]);
  });

  it("counts matches at the same instant together", () => {
    expect(ids(correlate(burst, [match(1, 5), match(2, 5), match(3, 5)]))).toEqual([1, 2, 3]);
  });

  it("counts per key", () => {
    expect(ids(correlate(burst, [match(1, 0), match(2, 1, { key: '["bob"]' }), match(3, 2)]))).toEqual([]);
  });

  it("counts a match passed twice once", () => {
    expect(ids(correlate(burst, [match(1, 0), match(1, 0), match(2, 2)]))).toEqual([]);
  });

  it("counts distinct values when the rule says distinct", () => {
    const reads = ruleOf("t.reads", "match: 'resource:secrets verb:get'\nthreshold: 3\nwindow: 10m\nby: [user]\ndistinct: [name]\n");
    const read = (id: number, s: number, name: string) => match(id, s, { distinct: JSON.stringify([name]) });
    expect(ids(correlate(reads, [read(1, 0, "a"), read(2, 10, "a"), read(3, 20, "b"), read(4, 30, "c")]))).toEqual([1, 2, 3, 4]);
    expect(ids(correlate(reads, [read(1, 0, "a"), read(2, 10, "a"), read(3, 20, "b"), read(4, 30, "b")]))).toEqual([]);
    expect(ids(correlate(reads, [read(1, 0, "a"), read(2, 10, "b"), read(3, 600, "c")]))).toEqual([]);
  });
});

describe("correlate: sequence", () => {
  const grant = ruleOf("t.grant", "window: 10m\nby: [user]\nsequence:\n  - match: 'resource:rolebindings'\n  - match: 'resource:deployments'\n");
  const step = (requestId: number, seconds: number, s: number, key = '["alice"]', differ: string | null = null) => match(requestId, seconds, { step: s, key, differ });

  it("finds both steps in order within the window, exactly W apart included", () => {
    expect(ids(correlate(grant, [step(1, 0, 0), step(2, 300, 1)]))).toEqual([1, 2]);
    expect(ids(correlate(grant, [step(1, 0, 0), step(2, 600, 1)]))).toEqual([1, 2]);
    expect(ids(correlate(grant, [step(1, 0, 0), match(2, 0, { step: 1, tsUs: 600 * S + 1 })]))).toEqual([]);
  });

  it("needs the steps in order: by time, then by request id at the same instant", () => {
    expect(ids(correlate(grant, [step(1, 300, 0), step(2, 0, 1)]))).toEqual([]);
    expect(ids(correlate(grant, [step(1, 5, 0), step(2, 5, 1)]))).toEqual([1, 2]);
    expect(ids(correlate(grant, [step(2, 5, 0), step(1, 5, 1)]))).toEqual([]);
  });

  it("needs one key across the keyed steps", () => {
    expect(ids(correlate(grant, [step(1, 0, 0), step(2, 60, 1, '["bob"]')]))).toEqual([]);
  });

  it("marks every request in some chain, and none outside one", () => {
    const found = correlate(grant, [step(1, 0, 0), step(2, 100, 0), step(3, 200, 1), step(4, 900, 1), step(5, 1000, 0)]);
    expect(ids(found)).toEqual([1, 2, 3]);
  });

  it("does not let one request fill two steps", () => {
    expect(ids(correlate(grant, [step(1, 0, 0), step(1, 0, 1)]))).toEqual([]);
  });

  it("lets an unkeyed step match whatever the key", () => {
    const escalation = ruleOf(
      "t.escalation",
      "window: 30m\nby: [user, verb, resource]\nsequence:\n  - match: 'decision:forbid'\n  - { match: 'resource:rolebindings verb:create', by: [] }\n  - match: 'decision:allow'\n",
    );
    const alice = '["alice","get","secrets"]';
    const bob = '["bob","create","rolebindings"]';
    const chain = [step(1, 0, 0, alice), step(2, 60, 1, "[]"), step(3, 120, 2, alice), step(4, 130, 2, bob)];
    expect(ids(correlate(escalation, chain))).toEqual([1, 2, 3]);
    // Without the grant between them, a denial and an allow are no escalation.
    expect(ids(correlate(escalation, [step(1, 0, 0, alice), step(2, 130, 1, "[]"), step(3, 120, 2, alice)]))).toEqual([]);
  });

  it("with differ, needs each later step's value to differ from the first step's", () => {
    const exec = ruleOf(
      "t.exec",
      "window: 1h\nby: [ns, name]\ndiffer: [user]\nsequence:\n  - match: 'verb:create resource:pods'\n  - match: 'resource:pods/exec'\n",
    );
    const pod = '["default","web-1"]';
    const created = step(1, 0, 0, pod, '["alice"]');
    const byAlice = step(2, 60, 1, pod, '["alice"]');
    const byBob = step(3, 120, 1, pod, '["bob"]');
    expect(ids(correlate(exec, [created, byAlice]))).toEqual([]);
    expect(ids(correlate(exec, [created, byAlice, byBob]))).toEqual([1, 3]);
  });

  it("shows a hit under the key of its keyed step, when a first step of that key can chain to it", () => {
    const escalation = ruleOf(
      "t.escalation",
      "window: 30m\nby: [user]\nsequence:\n  - match: 'decision:forbid'\n  - { match: 'resource:rolebindings', by: [] }\n  - match: 'decision:allow'\n",
    );
    const keys = correlateHits(escalation, [step(1, 0, 0), step(2, 60, 1, "[]"), step(2, 60, 2, '["bob"]'), step(3, 120, 2)]);
    // Bob's RBAC change also matches the last step under his own key, but nothing of his was denied: it is
    // shown under its unkeyed step, as a store that keeps only chainable later steps sees it too.
    expect(Object.fromEntries(keys)).toEqual({ 1: '["alice"]', 2: "[]", 3: '["alice"]' });
    const bobDenied = step(4, 30, 0, '["bob"]');
    expect(correlateHits(escalation, [step(1, 0, 0), bobDenied, step(2, 60, 1, "[]"), step(2, 60, 2, '["bob"]'), step(3, 120, 2)]).get(2)).toBe('["bob"]');
  });
});

describe("rejudgeRanges", () => {
  it("judges W around each change, merged where they meet, reading W further out", () => {
    expect(rejudgeRanges([100 * S, 10 * S, 30 * S], 10 * S)).toEqual([
      { judge: { fromUs: 0, toUs: 40 * S }, read: { fromUs: -10 * S, toUs: 50 * S } },
      { judge: { fromUs: 90 * S, toUs: 110 * S }, read: { fromUs: 80 * S, toUs: 120 * S } },
    ]);
    expect(rejudgeRanges([], 10 * S)).toEqual([]);
  });
});
