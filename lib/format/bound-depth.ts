/**
 * Log bodies can nest as deep as a client cared to send (an API server logs them as sent). Walking them
 * with recursion — JSON.stringify, React's serialiser, a diff — overflows the stack around 10 000 levels
 * and takes the page down. These walk with an explicit stack instead.
 */

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === "object" && v !== null;

/** True when `value` nests containers more than `max` levels deep (the root container is level 1). */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (!isContainer(v)) continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v)) if (isContainer(child)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Sets an own property, even one named `__proto__` (which JSON.parse makes an own key, and `=` would not). */
function put(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `value` with every container below level `max` replaced by `cut()`; the value itself when it is not
 * that deep. The copy is built level by level, so no depth overflows.
 */
export function boundDepth(value: unknown, max: number, cut: () => unknown): { value: unknown; cut: boolean } {
  if (!deeperThan(value, max)) return { value, cut: false };
  const copy = (v: Container): Container => (Array.isArray(v) ? new Array<unknown>(v.length) : {});
  const root = copy(value as Container);
  const stack: [Container, Container, number][] = [[value as Container, root, 1]];
  while (stack.length > 0) {
    const [src, dst, depth] = stack.pop()!;
    for (const [k, child] of Object.entries(src)) {
      const key = Array.isArray(src) ? Number(k) : k;
      if (!isContainer(child)) {
        put(dst, key, child);
      } else if (depth + 1 > max) {
        put(dst, key, cut());
      } else {
        const next = copy(child);
        put(dst, key, next);
        stack.push([child, next, depth + 1]);
      }
    }
  }
  return { value: root, cut: true };
}

/** JSON (indented by `indent`), or null for a value nested too deep for JSON.stringify's recursion. */
export function jsonTextOrNull(value: unknown, indent = 2): string | null {
  if (deeperThan(value, 2000)) return null;
  try {
    return JSON.stringify(value, null, indent);
  } catch {
    return null;
  }
}
