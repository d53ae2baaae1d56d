import { boundDepth } from "@/lib/format/bound-depth";
import { JsonTree } from "./json-tree";

/** Levels of a body the tree can open; "Expand all" opens them all at once. */
export const TREE_DEPTH = 64;

/**
 * A JsonTree for a body of any depth, from a server component: levels past TREE_DEPTH become one
 * collapsed placeholder before the value crosses to the client, whose serialiser (like JSON.stringify)
 * recurses. The placeholder is keyed by a per-render random marker, so no logged object can pose as one.
 */
export function BoundedJsonTree(props: Parameters<typeof JsonTree>[0]) {
  const marker = `\u0000deeper:${crypto.randomUUID()}`;
  const { value } = boundDepth(props.value, TREE_DEPTH, () => ({ [marker]: true }));
  return <JsonTree {...props} value={value} deepMarker={marker} />;
}
