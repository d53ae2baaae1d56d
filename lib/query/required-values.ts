import type { MatchableRequest } from "./matchable";
import type { FilterNode, Match } from "./tree";

/** The one-valued fields a tree can be narrowed on before it is evaluated. */
export type GuardField = "verb" | "resource";

/** What a request holds in such a field; for `resource`, the resource without its subresource. */
export const guardValue = (field: GuardField, r: MatchableRequest): string | null => (field === "verb" ? r.verb : r.resource);

/** The exact value one match of a term on the field demands, or undefined when it accepts others too. */
function exactValue(field: GuardField, m: Match): string | undefined {
  if (m.kind === "eq") return m.value;
  // resource:pods/exec demands pods; resource:*/exec or a pattern does not name one resource.
  if (field === "resource" && m.kind === "resource" && m.resource?.kind === "eq") return m.resource.value;
  return undefined;
}

/**
 * A set of values such that a request `tree` matches holds one of them in `field`; null when the tree
 * does not narrow the field (a negation, a pattern, free text, another field). Detection rules run on
 * every request as it is stored, and most of them name a few verbs or resources: a request outside those
 * is skipped without evaluating the rest of the rule. Never narrower than `matches`: a term on another
 * field, under `not`, or in an `or` beside an unnarrowed branch says nothing of this one.
 */
export function requiredValues(tree: FilterNode, field: GuardField): ReadonlySet<string> | null {
  switch (tree.kind) {
    case "term": {
      if (tree.field !== field) return null;
      const values = tree.matches.map((m) => exactValue(field, m));
      return values.every((v) => v !== undefined) ? new Set(values as string[]) : null;
    }
    case "and": {
      const narrowing = tree.items.map((item) => requiredValues(item, field)).filter((values) => values !== null);
      if (narrowing.length === 0) return null;
      return new Set([...narrowing[0]!].filter((v) => narrowing.every((values) => values.has(v))));
    }
    case "or": {
      const union = new Set<string>();
      for (const item of tree.items) {
        const values = requiredValues(item, field);
        if (values === null) return null;
        for (const v of values) union.add(v);
      }
      return union;
    }
    case "not":
    case "text":
    case "time":
      return null;
  }
}
