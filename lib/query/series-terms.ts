/**
 * The query term that selects one series of the timeline (a legend entry's click), so a filtered
 * dashboard shows exactly that series' requests. Pure and client-safe, like terms.ts.
 */
import { userOfSeries, VERB_CLASSES } from "@/lib/audit/series";
import { formatTerm, formatValue } from "./terms";
import type { StackBy } from "./view";

function listTerm(field: string, values: readonly string[], negate = false): string {
  return `${negate ? "-" : ""}${field}:${values.map(formatValue).join(",")}`;
}

const NAMED_VERBS = Object.values(VERB_CLASSES).flat();

function verbTerm(series: string): string | null {
  if (series === "other") return listTerm("verb", NAMED_VERBS, true);
  return Object.hasOwn(VERB_CLASSES, series) ? listTerm("verb", VERB_CLASSES[series as keyof typeof VERB_CLASSES]) : null;
}

function codeTerm(series: string): string | null {
  // A request that got no response has no code: `code:""` selects exactly those.
  if (series === "none") return formatTerm("code", "");
  return /^[1-5]xx$/.test(series) ? `code:${series}` : null;
}

/** `shown` is every series of the chart: "other" users are everyone but the users shown on their own. */
function userTerm(series: string, shown: readonly string[]): string | null {
  const user = userOfSeries(series);
  if (user !== null) return formatTerm("user", user);
  const named = shown.flatMap((s) => {
    const u = userOfSeries(s);
    return u === null ? [] : [u];
  });
  // Negated, so requests without a user (stacked in "other" too) still match.
  return named.length === 0 ? null : listTerm("user", named, true);
}

/** The term for `series` of a timeline stacked by `stack`; null when no term selects it. */
export function seriesTerm(stack: StackBy, series: string, shown: readonly string[]): string | null {
  if (stack === "verb") return verbTerm(series);
  if (stack === "code") return codeTerm(series);
  return userTerm(series, shown);
}
