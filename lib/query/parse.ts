import { QuerySyntaxError } from "./errors";
import { closestField, FIELD_NAMES, FIELDS, resolveField, type FieldName } from "./fields";
import { lex, WILDCARD, type Token, type ValuePart } from "./lexer";
import { patternOf, type CompareOp, type FilterNode, type Match, type TextMatch } from "./tree";

/**
 * The query language: terms separated by whitespace are ANDed; `OR` between terms and parentheses group;
 * `-` negates a term or group. AND binds tighter than OR, as in Kibana and GitHub search.
 */

export type { CompareOp, Match } from "./tree";
/** The tree of a query-language expression; lib/query/tree.ts's FilterNode, without time ranges. */
export type QueryNode = FilterNode;

const MAX_NESTING = 32;
/** SQLite refuses an expression tree deeper than 1000; each ANDed term adds a level (1000 words did). */
export const MAX_TERMS = 256;

/** A value with WILDCARD markers → an exact value, or a pattern split at its wildcards. */
function textMatch(pattern: string): TextMatch {
  return patternOf(pattern.split(WILDCARD));
}

const COMPARISON = /^(>=|<=|!=|>|<|=)/;
const NUMBER = /^\d+(\.\d+)?$/;

function numberMatch(field: "code" | "latency", part: ValuePart): Match {
  const op = part.quoted ? null : COMPARISON.exec(part.text)?.[1];
  const rest = op ? part.text.slice(op.length) : part.text;
  const restPosition = part.position + (op?.length ?? 0) + (part.quoted ? 1 : 0);
  if (field === "code" && !op) {
    const cls = /^([1-5])xx$/i.exec(rest);
    if (cls) return { kind: "range", from: Number(cls[1]) * 100, to: Number(cls[1]) * 100 + 100 };
  }
  if (rest === "") throw new QuerySyntaxError(`Missing number after ${op}`, restPosition);
  if (!NUMBER.test(rest) || (field === "code" && !/^\d+$/.test(rest))) {
    const expected = field === "code" ? "a status code such as 404, 4xx or >=400" : "milliseconds such as 500 or >500";
    throw new QuerySyntaxError(`${field} takes ${expected}, not "${rest}"`, restPosition);
  }
  return { kind: "cmp", op: (op ?? "=") as CompareOp, value: Number(rest) };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIPv6(s: string): boolean {
  let text = s;
  let groupsNeeded = 8;
  const lastColon = text.lastIndexOf(":");
  if (lastColon >= 0 && text.slice(lastColon + 1).includes(".")) {
    if (!IPV4.test(text.slice(lastColon + 1))) return false;
    text = text.slice(0, lastColon + 1) + "0";
    groupsNeeded = 7;
  }
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = halves.map((h) => (h === "" ? [] : h.split(":")));
  if (!groups.flat().every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = groups.flat().length;
  return halves.length === 2 ? count < groupsNeeded : count === groupsNeeded;
}

function ipMatch(part: ValuePart): Match {
  const slash = part.text.indexOf("/");
  if (slash < 0 || part.pattern.includes(WILDCARD)) return textMatch(part.pattern);
  const address = part.text.slice(0, slash);
  const bits = part.text.slice(slash + 1);
  const v4 = IPV4.test(address);
  const max = v4 ? 32 : isIPv6(address) ? 128 : 0;
  if (max === 0) throw new QuerySyntaxError(`"${address}" is not an IPv4 or IPv6 address`, part.position + (part.quoted ? 1 : 0));
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) {
    throw new QuerySyntaxError(`CIDR prefix must be 0–${max}, not "${bits}"`, part.position + (part.quoted ? 1 : 0) + slash + 1);
  }
  return { kind: "cidr", cidr: part.text };
}

function enumMatch(field: FieldName, values: readonly string[], part: ValuePart): Match {
  const found = values.find((v) => v.toLowerCase() === part.text.toLowerCase());
  if (!found || part.pattern.includes(WILDCARD)) {
    throw new QuerySyntaxError(`${field} is one of ${values.join(", ")}, not "${part.text}"`, part.position);
  }
  return { kind: "eq", value: found };
}

function resourceMatch(part: ValuePart): Match {
  const slash = part.pattern.indexOf("/");
  if (slash < 0) return { kind: "resource", resource: textMatch(part.pattern), subresource: null };
  const resource = part.pattern.slice(0, slash);
  const sub = part.pattern.slice(slash + 1);
  if (sub === "") throw new QuerySyntaxError("Missing subresource after /", part.position + slash + (part.quoted ? 2 : 1));
  return {
    kind: "resource",
    resource: resource === WILDCARD || resource === "" ? null : textMatch(resource),
    subresource: textMatch(sub),
  };
}

function valueMatch(field: FieldName, part: ValuePart): Match {
  if (part.quoted && part.text === "") return { kind: "absent" };
  const spec = FIELDS[field];
  if (spec.kind !== "number" && !part.quoted && COMPARISON.test(part.text)) {
    throw new QuerySyntaxError(`Comparisons work on numeric fields (code, latency), not on ${field}`, part.position);
  }
  if (field === "code" || field === "latency") return numberMatch(field, part);
  if (spec.kind === "ip") return ipMatch(part);
  if (spec.kind === "enum") return enumMatch(field, spec.values, part);
  if (field === "resource") return resourceMatch(part);
  return textMatch(part.pattern);
}

class Parser {
  private depth = 0;
  private terms = 0;
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): QueryNode {
    const node = this.or();
    const extra = this.tokens[this.i];
    if (extra) throw new QuerySyntaxError("Unmatched ): no ( opens it", extra.position);
    return node;
  }

  private or(): QueryNode {
    const items = [this.and()];
    while (this.tokens[this.i]?.type === "or") {
      const or = this.tokens[this.i++]!;
      const next = this.tokens[this.i];
      if (!next || next.type === "rparen" || next.type === "or") {
        throw new QuerySyntaxError("OR needs a term on both sides", or.position);
      }
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : { kind: "or", items };
  }

  private and(): QueryNode {
    const items: QueryNode[] = [];
    for (;;) {
      const t = this.tokens[this.i];
      if (!t || t.type === "rparen" || t.type === "or") break;
      items.push(this.unary());
    }
    if (items.length === 0) {
      const t = this.tokens[this.i];
      if (t?.type === "or") throw new QuerySyntaxError("OR needs a term on both sides", t.position);
      throw new QuerySyntaxError(t ? "Empty parentheses" : "Empty query", t?.position ?? this.length);
    }
    return items.length === 1 ? items[0]! : { kind: "and", items };
  }

  private unary(): QueryNode {
    const t = this.tokens[this.i++]!;
    if ((t.type === "field" || t.type === "text") && ++this.terms > MAX_TERMS) {
      throw new QuerySyntaxError(`More than ${MAX_TERMS} terms: narrow the query, or use a,b,c lists`, t.position);
    }
    switch (t.type) {
      case "not": {
        const next = this.tokens[this.i];
        if (!next || next.type === "rparen" || next.type === "or" || next.type === "not") {
          throw new QuerySyntaxError("Nothing to exclude after -", t.position);
        }
        return { kind: "not", item: this.unary() };
      }
      case "lparen": {
        const next = this.tokens[this.i];
        if (!next) throw new QuerySyntaxError("Unclosed (: add a )", t.position);
        if (next.type === "rparen") throw new QuerySyntaxError("Empty parentheses", t.position);
        // SQLite refuses expressions nested past 1000 levels; stop long before, with a reason a person can act on.
        if (++this.depth > MAX_NESTING) throw new QuerySyntaxError(`Nested deeper than ${MAX_NESTING} parentheses`, t.position);
        const inner = this.or();
        if (this.tokens[this.i]?.type !== "rparen") throw new QuerySyntaxError("Unclosed (: add a )", t.position);
        this.i++;
        this.depth--;
        return inner;
      }
      case "field": {
        const field = resolveField(t.name);
        if (!field) {
          const close = closestField(t.name);
          const hint = close
            ? `did you mean "${close}"?`
            : `fields are ${FIELD_NAMES.join(", ")} (to search for text with a colon, quote it)`;
          throw new QuerySyntaxError(`Unknown field "${t.name}": ${hint}`, t.position);
        }
        return { kind: "term", field, matches: t.parts.map((p) => valueMatch(field, p)), position: t.position };
      }
      case "text":
        if (!/[\p{L}\p{N}]/u.test(t.text)) {
          throw new QuerySyntaxError("Free text needs a letter or digit to search for", t.position);
        }
        return { kind: "text", text: t.text, phrase: t.quoted, position: t.position };
      default:
        // rparen and or are handled by the callers; reaching here is a parser bug, reported where it happened.
        throw new QuerySyntaxError("Unexpected token", t.position);
    }
  }
}

/** Parses a query; throws QuerySyntaxError with the 0-based position of the first problem. */
export function parseQuery(q: string): QueryNode {
  const { tokens, problems } = lex(q);
  const first = problems[0];
  if (first) throw new QuerySyntaxError(first.message, first.position);
  return new Parser(tokens, q.length).parse();
}
