import { parseResourceFacetValue } from "@/lib/query/facet-value";
import { formatTerm } from "@/lib/query/terms";
import type { Dimension } from "@/lib/store/types";

/** The query-language field each breakdown filters on. */
export const DIMENSION_FIELD: Record<Dimension, string> = {
  user: "user",
  actor: "actor",
  group: "usergroup",
  verb: "verb",
  resource: "resource",
  namespace: "ns",
  code: "code",
  userAgent: "ua",
  sourceIP: "ip",
  decision: "decision",
};

/**
 * The terms that filter to exactly one breakdown entry, so the total matches the entry's count: the
 * group too (`events` and `events.events.k8s.io` are different resources; `core` for the core group), and
 * for an entry without a subresource, "no subresource" (`resource:pods` alone also matches pods/log).
 * The "(none)" entry (value "") is `field:""`, the requests where the field is absent.
 */
export function includeTerms(dimension: Dimension, value: string): string[] {
  // "" is the "(none)" entry's value: `resource:""` alone selects requests without a resource.
  if (dimension === "resource" && value !== "") {
    const { group, resource } = parseResourceFacetValue(value);
    const terms = [formatTerm("resource", resource), formatTerm("group", group ?? "core")];
    if (!resource.includes("/")) terms.push(formatTerm("subresource", ""));
    return terms;
  }
  return [formatTerm(DIMENSION_FIELD[dimension], value)];
}

/** The term that excludes one entry: a negated term, or a negated group when the entry needs two terms. */
export function excludeTerms(dimension: Dimension, value: string): string[] {
  const include = includeTerms(dimension, value);
  if (include.length === 1) return [`-${include[0]!}`];
  return [`-(${include.join(" ")})`];
}
