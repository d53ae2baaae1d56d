import { FIELD_NAMES, FIELDS, type FieldName } from "@/lib/query/fields";
import type { FilterNode } from "@/lib/query/tree";

/** What parts of the query language a tree exercises: node kinds, and each field with each kind of match. */
export function coverageOf(node: FilterNode, into: Set<string>): Set<string> {
  switch (node.kind) {
    case "and":
    case "or":
      if (node.items.length > 1) into.add(node.kind);
      node.items.forEach((item) => coverageOf(item, into));
      break;
    case "not":
      into.add("not");
      coverageOf(node.item, into);
      break;
    case "term":
      if (node.matches.length > 1) into.add("list");
      for (const m of node.matches) into.add(`${node.field}:${m.kind === "cmp" ? m.op : m.kind}`);
      break;
    case "text":
      into.add(node.phrase ? "phrase" : "word");
      break;
    case "time":
      into.add(`time:${node.fromUs === null ? "" : "from"}${node.toUs === null ? "" : "to"}`);
      break;
  }
  return into;
}

/** Everything the parser can produce (binding/role/subject:"" aside: a known SQL disagreement). */
export function fullCoverage(): Set<string> {
  const all = new Set(["and", "or", "not", "list", "word", "phrase", "time:from", "time:to", "time:fromto"]);
  for (const field of FIELD_NAMES) {
    const spec: { kind: string } = FIELDS[field];
    const kinds =
      field === "code" ? ["=", "!=", ">", ">=", "<", "<=", "range"]
      : field === "latency" ? ["=", "!=", ">", ">=", "<", "<="]
      : field === "resource" ? ["resource"]
      : spec.kind === "enum" ? ["eq"]
      : spec.kind === "ip" ? ["eq", "pattern", "cidr"]
      : ["eq", "pattern"];
    for (const k of kinds) all.add(`${field}:${k}`);
    if (!["binding", "role", "subject"].includes(field)) all.add(`${field}:absent`);
  }
  return all;
}

/** Each field with each kind of value, for queries to lead with in turn. */
export function leads(): { field: FieldName; form: string }[] {
  return [...fullCoverage()].flatMap((c) => {
    const [field, form] = c.split(":");
    return form !== undefined && (FIELD_NAMES as string[]).includes(field!) ? [{ field: field as FieldName, form }] : [];
  });
}
