import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

/**
 * Where a value sits in a rule file, so that a problem points at the line to fix. A path names keys and
 * list positions (["sequence", 1, "match"]); the line is that of the deepest part of the path the file
 * has: the key itself when present (a problem is "on" its key), else the list item or the map it is in.
 */
export function lineOfPath(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number {
  let node: Node | null = doc.contents as Node | null;
  let line = node?.range ? lines.linePos(node.range[0]).line : 1;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) break;
      const key = pair.key as Node;
      if (key.range) line = lines.linePos(key.range[0]).line;
      node = (pair.value as Node | null) ?? null;
    } else if (isSeq(node) && typeof part === "number") {
      const item = node.items[part] as Node | undefined;
      if (!item) break;
      if (item.range) line = lines.linePos(item.range[0]).line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

/** ["sequence", 1, "match"] → "sequence[1].match", as the problem names it. */
export function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), "");
}
