import type { FieldName } from "./fields";

/**
 * The parse tree of a filter: the contract between the query language and every backend. Every filter a
 * view can hold (URL keys, `noise`, `q`, the time range, a principal's scopes) becomes one such tree; a
 * backend compiles it (lib/store/sqlite), and the in-memory evaluator gives the answer they must agree
 * with. Nothing in it is SQL: patterns, CIDRs, comparisons and free text are node types of their own.
 */

export type CompareOp = "=" | "!=" | ">" | ">=" | "<" | "<=";

/**
 * A text value matched exactly, or a pattern: `*` stood between the segments, and stands for any run of
 * characters (none included). Matching is case-sensitive, as names in Kubernetes are.
 * `a*` → ["a", ""]; `*` → ["", ""]; `a*b*c` → ["a", "b", "c"].
 */
export type TextMatch = { kind: "eq"; value: string } | { kind: "pattern"; segments: string[] };

/** What one value of a field term matches. */
export type Match =
  | TextMatch
  /** `field:""`: the field is absent. */
  | { kind: "absent" }
  | { kind: "cmp"; op: CompareOp; value: number }
  /** [from, to): a code class such as 4xx. */
  | { kind: "range"; from: number; to: number }
  | { kind: "cidr"; cidr: string }
  /**
   * resource:pods/log. `resource` null: any resource (`*​/exec`). `subresource` null: any or none ("pods"
   * is every pods request, subresources included).
   */
  | { kind: "resource"; resource: TextMatch | null; subresource: TextMatch | null };

export type FilterNode =
  /** Every item holds; no items: always true. */
  | { kind: "and"; items: FilterNode[] }
  /** Some item holds; no items: always false. */
  | { kind: "or"; items: FilterNode[] }
  /** The item does not hold. A term on an absent field does not hold, so its negation does. */
  | { kind: "not"; item: FilterNode }
  /** The field matches one of `matches`. `position`: where the term starts in `q`, when it came from there. */
  | { kind: "term"; field: FieldName; matches: Match[]; position?: number }
  /** Free text: a word (its last token prefix-matched, as typing goes) or a "quoted phrase". */
  | { kind: "text"; text: string; phrase: boolean; position?: number }
  /** The request's time in [fromUs, toUs), microseconds since the epoch; null: unbounded on that side. */
  | { kind: "time"; fromUs: number | null; toUs: number | null };

export const ALL: FilterNode = { kind: "and", items: [] };
export const NONE: FilterNode = { kind: "or", items: [] };

/** A literal `*` inside a pattern cannot be written as a segment boundary, so patterns are built from parts. */
export function patternOf(segments: string[]): TextMatch {
  return segments.length === 1 ? { kind: "eq", value: segments[0]! } : { kind: "pattern", segments };
}
