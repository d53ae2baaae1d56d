import type { MatchableRequest } from "@/lib/query/matchable";
import { guardValue, requiredValues, type GuardField } from "@/lib/query/required-values";
import { ALL, type FilterNode } from "@/lib/query/tree";
import type { Rule } from "./types";

const GUARD_FIELDS: readonly GuardField[] = ["verb", "resource"];

/** Everything a request must match for a rule to find it or to match one of its steps. */
function ruleTree(rule: Rule): FilterNode {
  const own = rule.tree ?? ALL;
  if (rule.kind !== "sequence") return own;
  return { kind: "and", items: [own, { kind: "or", items: rule.steps.map((s) => s.tree) }] };
}

type Guard = { rule: Rule; required: (ReadonlySet<string> | null)[] };

/** Pairs remembered at most: verbs and resources come from the logs, and a scanner can invent many. */
const MAX_PAIRS = 10_000;

/**
 * The rules that can say anything of a request, in the rule set's order: those whose verbs and resources
 * (required-values.ts) admit the request's. Most requests are reads that only a few rules can match, so
 * the writer evaluates those few instead of every rule. Remembered per (verb, resource) pair: a store
 * holds a few hundred pairs.
 */
export class ApplicableRules {
  private readonly guards: Guard[];
  private readonly byPair = new Map<string, Map<string | null, readonly Rule[]>>();
  private pairs = 0;

  constructor(rules: readonly Rule[]) {
    this.guards = rules.map((rule) => {
      const tree = ruleTree(rule);
      return { rule, required: GUARD_FIELDS.map((field) => requiredValues(tree, field)) };
    });
  }

  of(request: MatchableRequest): readonly Rule[] {
    const known = this.byPair.get(request.verb)?.get(request.resource);
    if (known !== undefined) return known;
    const values = GUARD_FIELDS.map((field) => guardValue(field, request));
    const rules = this.guards
      .filter((g) => g.required.every((set, i) => set === null || (values[i] !== null && set.has(values[i]!))))
      .map((g) => g.rule);
    if (this.pairs >= MAX_PAIRS) {
      this.byPair.clear();
      this.pairs = 0;
    }
    let byResource = this.byPair.get(request.verb);
    if (!byResource) this.byPair.set(request.verb, (byResource = new Map()));
    byResource.set(request.resource, rules);
    this.pairs++;
    return rules;
  }
}

const cached = new WeakMap<readonly Rule[], ApplicableRules>();

/** The index of a rule set's rules, built once per set (a set is loaded once per process, or per test). */
export function applicableRules(rules: readonly Rule[]): ApplicableRules {
  let index = cached.get(rules);
  if (!index) cached.set(rules, (index = new ApplicableRules(rules)));
  return index;
}
