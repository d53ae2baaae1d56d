import "server-only";
import { matchHit, ruleMatches } from "@/lib/findings/engine";
import { matches } from "@/lib/query/evaluate";
import type { BodyCheckContext, Hit, Rule, RuleInput, RuleMatch } from "@/lib/findings/types";

/** What the rules say of some requests: hits of plain match rules, and each correlation rule's matches. */
export type Evaluated = { hits: Hit[]; matches: Map<Rule, RuleMatch[]> };

export const isCorrelation = (rule: Rule): boolean => rule.kind !== "match";

/** The requests a body check will read: those a rule with a `body` matches (rules with one are plain match rules). */
export function bodiesWanted(rules: readonly Rule[], inputs: readonly RuleInput[]): number[] {
  const trees = rules.flatMap((r) => (r.body !== null && r.tree !== null ? [r.tree] : []));
  if (trees.length === 0) return [];
  return inputs.filter((i) => trees.some((tree) => matches(tree, i.request))).map((i) => i.id);
}

/**
 * Runs every rule on every request: a match rule gives its hits, a correlation rule the requests matching
 * its steps. Body checks look roles up as the request's own cluster held them when it was made.
 */
export function evaluateRules(rules: readonly Rule[], inputs: readonly RuleInput[], contextOf: (input: RuleInput) => BodyCheckContext): Evaluated {
  const hits: Hit[] = [];
  const matched = new Map<Rule, RuleMatch[]>();
  for (const rule of rules) {
    if (!isCorrelation(rule)) {
      for (const input of inputs) {
        const { hit } = matchHit(rule, input, contextOf(input));
        if (hit) hits.push(hit);
      }
      continue;
    }
    const found: RuleMatch[] = [];
    for (const input of inputs) found.push(...ruleMatches(rule, input));
    matched.set(rule, found);
  }
  return { hits, matches: matched };
}
