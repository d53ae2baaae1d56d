import type { FieldName } from "./fields";
import type { FilterNode } from "./tree";

/** What a filter reads of a request: its fields, "text" for free text, "time" for a time range. */
export type FilterInput = FieldName | "text" | "time";

/** The inputs a filter reads: a backend decides from them which of its tables can answer it. */
export function fieldsOf(node: FilterNode, into: Set<FilterInput> = new Set()): Set<FilterInput> {
  switch (node.kind) {
    case "and":
    case "or":
      for (const item of node.items) fieldsOf(item, into);
      break;
    case "not":
      fieldsOf(node.item, into);
      break;
    case "term":
      into.add(node.field);
      break;
    case "text":
      into.add("text");
      break;
    case "time":
      into.add("time");
      break;
  }
  return into;
}
