import type { Rule, RuleMatch } from "@/lib/findings/types";

/**
 * design.md's definitions of the correlations, written as plainly as possible (every window start, every
 * chain): slow, and the reference correlate() is held to.
 */
export function bruteForce(rule: Rule, matches: readonly RuleMatch[]): Set<number> {
  return rule.kind === "threshold" ? bruteThreshold(rule, matches) : bruteSequence(rule, matches);
}

function bruteThreshold(rule: Rule, matches: readonly RuleMatch[]): Set<number> {
  const w = rule.windowUs!;
  const hits = new Set<number>();
  for (const m of matches) {
    const found = matches.some((a) => {
      if (a.key !== m.key || !(a.tsUs <= m.tsUs && m.tsUs < a.tsUs + w)) return false;
      const inWindow = matches.filter((x) => x.key === m.key && a.tsUs <= x.tsUs && x.tsUs < a.tsUs + w);
      const count = rule.distinct.length > 0 ? new Set(inWindow.map((x) => x.distinct)).size : inWindow.length;
      return count >= rule.threshold!;
    });
    if (found) hits.add(m.requestId);
  }
  return hits;
}

function bruteSequence(rule: Rule, matches: readonly RuleMatch[]): Set<number> {
  const last = rule.steps.length - 1;
  const keyed = rule.steps.map((s) => s.by.length > 0);
  const before = (a: RuleMatch, b: RuleMatch) => a.tsUs < b.tsUs || (a.tsUs === b.tsUs && a.requestId < b.requestId);
  const hits = new Set<number>();
  const extend = (chain: RuleMatch[], key: string | null) => {
    const i = chain.length;
    if (i > last) {
      for (const m of chain) hits.add(m.requestId);
      return;
    }
    const first = chain[0];
    for (const m of matches) {
      if (m.step !== i) continue;
      if (first && (!before(chain[i - 1]!, m) || m.tsUs - first.tsUs > rule.windowUs!)) continue;
      if (first && rule.differ.length > 0 && m.differ === first.differ) continue;
      if (keyed[i] && key !== null && m.key !== key) continue;
      extend([...chain, m], keyed[i] ? m.key : key);
    }
  };
  extend([], null);
  return hits;
}
