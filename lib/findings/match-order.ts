/** Orders matches (and hits) as chains and windows read them: by time, then by request id. */
export function byPosition(a: { tsUs: number; requestId: number }, b: { tsUs: number; requestId: number }): number {
  return a.tsUs - b.tsUs || a.requestId - b.requestId;
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
