import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RuleSet } from "@/lib/findings/types";
import { jsonLines } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { countsByRule, hitsOf, ingestText, pod, referenceHitsOf, request, stubFixtureRules, type RequestSpec } from "./findings-helpers";

/** A small seeded generator (mulberry32): the same seed gives the same traffic and splits. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Denials, pod creations and execs by a few users over ten minutes, dense enough to cross every rule's window. */
function randomTraffic(next: () => number): string[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const specs: RequestSpec[] = [];
  for (let i = 0; i < 60; i++) {
    const s = Math.floor(next() * 600);
    const user = pick(["alice", "bob", "carol"]);
    const name = pick(["web-1", "web-2"]);
    const kind = next();
    if (kind < 0.45) specs.push({ s, user, ip: pick(["10.0.0.5", "10.0.0.5", "10.0.0.6"]), code: 403, resource: "secrets", name: "db" });
    else if (kind < 0.7) specs.push({ s, user, verb: "create", subresource: "exec", name, code: next() < 0.2 ? 403 : 200 });
    else if (kind < 0.85) specs.push({ s, user, verb: "create", code: 201, name, requestObject: pod(name, next() < 0.5) });
    else specs.push({ s, user, verb: "get", name });
  }
  // Out of time order on purpose: a file is not always sorted, and later batches reach back.
  return jsonLines(specs.flatMap(request)).split("\n").filter(Boolean).map((l) => `${l}\n`);
}

let set: RuleSet;
beforeEach(() => {
  set = stubFixtureRules();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("findings over random traffic, stored in random parts", () => {
  it.each([1, 2, 3, 4, 5])("seed %i: any parts in any order give what the engine finds over the whole store", async (seed) => {
    const next = random(seed);
    const lines = randomTraffic(next);
    const { db: whole } = tempDb();
    await ingestText(whole, lines.join(""));
    const expected = hitsOf(whole);
    expect(expected).toEqual(referenceHitsOf(whole, set));
    // Dense enough that every rule finds something: the comparison below is not between two empty lists.
    expect(Object.keys(countsByRule(expected))).toHaveLength(4);

    // Three parts of shuffled lines, so a request's stages and a correlation's steps land in different batches.
    const shuffled = [...lines].sort(() => next() - 0.5);
    const cuts = [Math.floor(next() * lines.length), Math.floor(next() * lines.length)].sort((a, b) => a - b);
    const parts = [shuffled.slice(0, cuts[0]), shuffled.slice(cuts[0], cuts[1]), shuffled.slice(cuts[1])];
    const { db } = tempDb();
    for (const part of parts) await ingestText(db, part.join(""), 5);
    expect(hitsOf(db)).toEqual(expected);
  });
});
