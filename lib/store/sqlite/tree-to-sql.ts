import "server-only";
import { fieldsOf } from "@/lib/query/fields-of";
import type { FieldName } from "@/lib/query/fields";
import { parseFilter, type QueryContext } from "@/lib/query/parse-filter";
import type { ScopedFilter } from "@/lib/query/scope";
import type { FilterNode } from "@/lib/query/tree";
import { DICT_FIELDS, fieldColumns, inStrings, termSql, valuesCond } from "./field-sql";
import { and, not, or, sql, type SqlFragment } from "./sql-fragment";

export type { SqlFragment } from "./sql-fragment";

/** An FTS5 query for one word (prefix, so results follow typing) or phrase; quotes make every character literal. */
export function ftsQuery(text: string, phrase: boolean): string {
  return `"${text.replaceAll('"', '""')}"${phrase ? "" : "*"}`;
}

/** Whether a subtree holds for a request where its one field is absent (a term holds there only by `field:""`). */
function holdsWhenAbsent(node: FilterNode): boolean {
  switch (node.kind) {
    case "and":
      return node.items.every(holdsWhenAbsent);
    case "or":
      return node.items.some(holdsWhenAbsent);
    case "not":
      return !holdsWhenAbsent(node.item);
    case "term":
      return node.matches.some((m) => m.kind === "absent");
    default:
      return false;
  }
}

/** The subtree of one dictionary field as a condition on the stored string `s.value`. */
function stringCond(node: FilterNode, field: FieldName): SqlFragment {
  switch (node.kind) {
    case "and":
      return and(node.items.map((i) => stringCond(i, field)));
    case "or":
      return or(node.items.map((i) => stringCond(i, field)));
    case "not":
      return not(stringCond(node.item, field));
    case "term": {
      const present = node.matches.filter((m) => m.kind !== "absent");
      return present.length === 0 ? sql("0") : valuesCond(field, DICT_FIELDS[field]!, present);
    }
    default:
      throw new Error(`${node.kind} in a one-field subtree`);
  }
}

/**
 * A combination of terms on one dictionary field (system noise: `system:*` users but not these…) as one
 * subquery over the strings, as one term is, rather than one per term: each request then looks its
 * id up once. Only when the combination does not hold for an absent field, which no id lookup can say.
 */
function oneFieldSql(node: FilterNode): SqlFragment | null {
  if (node.kind !== "and" && node.kind !== "or") return null;
  const fields = fieldsOf(node);
  if (fields.size !== 1) return null;
  const [field] = fields as Set<FieldName>;
  const spec = DICT_FIELDS[field!];
  if (!spec || holdsWhenAbsent(node)) return null;
  return inStrings(spec.column, stringCond(node, field!));
}

/**
 * A parse tree → a WHERE over `requests r`, bound parameters only. Parenthesised whole: callers append
 * `AND …` (a time span, the selected combinations), which must not bind to the last item of a top-level OR.
 */
export function treeToSql(node: FilterNode): SqlFragment {
  const compiled = compile(node);
  return { sql: `(${compiled.sql})`, params: compiled.params };
}

function compile(node: FilterNode): SqlFragment {
  const folded = oneFieldSql(node);
  if (folded) return folded;
  switch (node.kind) {
    case "and":
      return and(node.items.map(compile));
    case "or":
      return or(node.items.map(compile));
    case "not":
      return not(compile(node.item));
    case "term":
      return termSql(node.field, node.matches);
    case "time": {
      const parts: SqlFragment[] = [];
      if (node.fromUs !== null) parts.push(sql("r.ts >= ?", node.fromUs));
      if (node.toUs !== null) parts.push(sql("r.ts < ?", node.toUs));
      return and(parts);
    }
    case "text": {
      // URI, name and message are indexed per request; user agents once each (migration 0012), their
      // requests found through their combinations.
      const match = ftsQuery(node.text, node.phrase);
      return {
        sql: `(r.id IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?)
          OR r.combo_id IN (SELECT c.id FROM request_combos c WHERE c.user_agent_id IN (SELECT rowid FROM user_agent_fts WHERE user_agent_fts MATCH ?)))`,
        params: [match, match],
      };
    }
  }
}

/** A view's filter → a WHERE over `requests r`. Throws QuerySyntaxError for a bad `q`. */
export function filterToSql(filter: ScopedFilter, ctx: QueryContext): SqlFragment {
  return treeToSql(parseFilter(filter, ctx));
}

/** The columns of `r` a tree without free text or time reads; null when it has either. */
export function columnsRead(node: FilterNode): Set<string> | null {
  const columns = new Set<string>();
  for (const f of fieldsOf(node)) {
    if (f === "text" || f === "time") return null;
    for (const c of fieldColumns(f)) columns.add(c);
  }
  return columns;
}
