import { matches } from "@/lib/query/evaluate";
import { checkBody } from "./body-checks";
import { correlateHits } from "./correlate";
import { keyOf } from "./key-values";
import { byPosition, groupBy } from "./match-order";
import type { BodyCheckContext, Hit, Rule, RuleInput, RuleMatch } from "./types";

/**
 * The engine: what the rules find, on requests in memory. The store runs the same functions as it writes
 * batches (match rules per request; correlations over the matches it keeps), and `findingsOf` is the
 * reference its stored hits must equal, however the requests arrived.
 */

/** Whether a single-match rule finds a request: its query matches and, for a body rule, the check found something. */
export function matchHit(rule: Rule, input: RuleInput, ctx: BodyCheckContext): { hit: Hit | null } {
  if (rule.kind !== "match" || rule.tree === null || !matches(rule.tree, input.request)) return { hit: null };
  let detail: string | null = null;
  if (rule.body !== null) {
    const verdict = checkBody(rule.body, input.bodies(), input.request, ctx);
    // "Not logged" is no finding: the Findings page counts those requests apart, as not checked.
    if (!("found" in verdict) || verdict.found === null) return { hit: null };
    detail = verdict.found;
  }
  return { hit: { ruleId: rule.id, requestId: input.id, tsUs: input.request.tsUs, key: null, detail } };
}

/** The steps of a threshold or sequence rule one request matches (a threshold rule has one step, 0). */
export function ruleMatches(rule: Rule, input: RuleInput): RuleMatch[] {
  const request = input.request;
  const base = { requestId: input.id, tsUs: request.tsUs };
  if (rule.kind === "threshold") {
    if (rule.tree === null || !matches(rule.tree, request)) return [];
    const distinct = rule.distinct.length > 0 ? keyOf(rule.distinct, request) : null;
    return [{ ...base, step: 0, key: keyOf(rule.by, request), distinct, differ: null }];
  }
  if (rule.kind !== "sequence" || (rule.tree !== null && !matches(rule.tree, request))) return [];
  const found: RuleMatch[] = [];
  // Most requests a sequence's own filter lets through match no step: the differ key is made only for those that do.
  let differ: string | null | undefined;
  rule.steps.forEach((step, i) => {
    if (!matches(step.tree, request)) return;
    if (differ === undefined) differ = rule.differ.length > 0 ? keyOf(rule.differ, request) : null;
    found.push({ ...base, step: i, key: keyOf(step.by, request), distinct: null, differ });
  });
  return found;
}

/**
 * Every hit of `rules` on a whole set of requests at once: per rule, in time order. `contextOf` gives each
 * request what its body checks may look up, as it stood when the request was made.
 */
export function findingsOf(rules: readonly Rule[], inputs: readonly RuleInput[], contextOf: (input: RuleInput) => BodyCheckContext): Hit[] {
  return rules.flatMap((rule) => {
    if (rule.kind === "match") return inputs.flatMap((input) => matchHit(rule, input, contextOf(input)).hit ?? []);
    const tsOf = new Map(inputs.map((input) => [input.id, input.request.tsUs]));
    const keys = correlateHits(rule, inputs.flatMap((input) => ruleMatches(rule, input)));
    return [...keys].map(([requestId, key]): Hit => ({ ruleId: rule.id, requestId, tsUs: tsOf.get(requestId)!, key, detail: null })).sort(byPosition);
  });
}

/**
 * A rule's hits as episodes, for display: per key, a new episode wherever the gap to the key's previous
 * hit exceeds the window; a rule without a window makes each hit an episode. Episodes and their hits in
 * time order.
 */
export function episodesOf(rule: Rule, hits: readonly Hit[]): Hit[][] {
  const sorted = [...hits].sort(byPosition);
  if (rule.windowUs === null) return sorted.map((hit) => [hit]);
  const gap = rule.windowUs;
  const episodes: Hit[][] = [];
  for (const ofKey of groupBy(sorted, (h) => h.key ?? "").values()) {
    let current: Hit[] = [];
    for (const hit of ofKey) {
      const previous = current[current.length - 1];
      if (previous && hit.tsUs - previous.tsUs > gap) {
        episodes.push(current);
        current = [];
      }
      current.push(hit);
    }
    episodes.push(current);
  }
  return episodes.sort((a, b) => byPosition(a[0]!, b[0]!));
}
