import "server-only";
import { applicableRules } from "@/lib/findings/applicable";
import { matchHit, ruleMatches } from "@/lib/findings/engine";
import { matches } from "@/lib/query/evaluate";
import type { BodyCheckContext, Hit, Rule, RuleInput, RuleMatch } from "@/lib/findings/types";

/** What the rules say of some requests: hits of plain match rules, and each correlation rule's matches. */
export type Evaluated = { hits: Hit[]; matches: Map<Rule, RuleMatch[]> };

export const isCorrelation = (rule: Rule): boolean => rule.kind !== "match";

/** The requests a body check will read: those a rule with a `body` matches (rules with one are plain match rules). */
export function bodiesWanted(rules: readonly Rule[], inputs: readonly RuleInput[]): number[] {
  if (!rules.some((r) => r.body !== null)) return [];
  const applicable = applicableRules(rules);
  const reads = (rule: Rule, input: RuleInput) => rule.body !== null && rule.tree !== null && matches(rule.tree, input.request);
  return inputs.filter((input) => applicable.of(input.request).some((rule) => reads(rule, input))).map((i) => i.id);
}

/**
 * Runs the rules on the requests: a match rule gives its hits, a correlation rule the requests matching
 * its steps, each in the rules' order and then the requests'. Only the rules that can match a request
 * are run on it (applicable.ts). Body checks look roles up as the request's own cluster held them when
 * it was made.
 */
export function evaluateRules(rules: readonly Rule[], inputs: readonly RuleInput[], contextOf: (input: RuleInput) => BodyCheckContext): Evaluated {
  const applicable = applicableRules(rules);
  const hitsOf = new Map<Rule, Hit[]>(rules.map((rule) => [rule, []]));
  const matched = new Map<Rule, RuleMatch[]>(rules.filter(isCorrelation).map((rule) => [rule, []]));
  for (const input of inputs) {
    let context: BodyCheckContext | undefined;
    for (const rule of applicable.of(input.request)) {
      const found = matched.get(rule);
      if (found) {
        for (const m of ruleMatches(rule, input)) found.push(m);
        continue;
      }
      // Only body checks read the context, and it costs a closure per request.
      const { hit } = matchHit(rule, input, rule.body === null ? NO_CONTEXT : (context ??= contextOf(input)));
      if (hit) hitsOf.get(rule)!.push(hit);
    }
  }
  return { hits: [...hitsOf.values()].flat(), matches: matched };
}

const NO_CONTEXT: BodyCheckContext = {
  trustedRegistries: [],
  roleRules: () => {
    throw new Error("only a body check reads the context");
  },
};
