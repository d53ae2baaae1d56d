import { isObject, type JsonObject } from "./json";

/**
 * What a JSON patch (RFC 6902) sets, as a sparse object: every `add` and `replace` written at its path,
 * the rest of the object unknown. The body checks read it as they read a merge patch, so
 * `{"op":"add","path":"/spec/containers/0/securityContext/privileged","value":true}` is seen as a
 * privileged first container. `copy` and `move` take their value from the object being patched, which the
 * log does not hold when only the request is logged, so they set nothing here.
 */
export function jsonPatchSets(ops: readonly unknown[]): JsonObject {
  const root: JsonObject = {};
  for (const op of ops) {
    if (!isObject(op) || (op.op !== "add" && op.op !== "replace") || typeof op.path !== "string") continue;
    const tokens = pointerTokens(op.path);
    if (tokens === null || tokens.length === 0) continue;
    setAt(root, tokens, op.value);
  }
  return root;
}

/** RFC 6901: "/a~1b/0" → ["a/b", "0"]; null for a pointer that does not start at the root. */
function pointerTokens(pointer: string): string[] | null {
  if (!pointer.startsWith("/")) return null;
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
}

const isIndex = (token: string) => token === "-" || /^(0|[1-9]\d{0,5})$/.test(token);

type Container = JsonObject | unknown[];

function child(container: Container, token: string, next: string): Container {
  const existing = get(container, token);
  if (isObject(existing) || Array.isArray(existing)) return existing;
  const made: Container = isIndex(next) ? [] : {};
  put(container, token, made);
  return made;
}

function get(container: Container, token: string): unknown {
  if (!Array.isArray(container)) return Object.hasOwn(container, token) ? container[token] : undefined;
  return token === "-" ? undefined : container[Number(token)];
}

function put(container: Container, token: string, value: unknown): void {
  if (!Array.isArray(container)) container[token] = value;
  else if (token === "-") container.push(value);
  else if (isIndex(token)) container[Number(token)] = value;
}

function setAt(root: JsonObject, tokens: string[], value: unknown): void {
  let cur: Container = root;
  for (let i = 0; i < tokens.length - 1; i++) {
    // A non-index token into a list is not a valid path into the object: nothing can be read from it.
    if (Array.isArray(cur) && !isIndex(tokens[i]!)) return;
    cur = child(cur, tokens[i]!, tokens[i + 1]!);
  }
  put(cur, tokens[tokens.length - 1]!, value);
}
