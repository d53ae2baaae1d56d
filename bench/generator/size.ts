const SUFFIX: Record<string, number> = { "": 1, k: 1_000, m: 1_000_000 };

/** `5000`, `200k`, `1m`, `2.5m` → a whole number of requests. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([km]?)\s*$/i.exec(text);
  const n = m ? Number(m[1]) * SUFFIX[m[2]!.toLowerCase()]! : NaN;
  if (!Number.isFinite(n) || n < 1 || !Number.isInteger(n)) {
    throw new Error(`invalid size "${text}": expected a positive count such as 5000, 200k or 1m`);
  }
  return n;
}

/** `bench/data/audit-1m-s42.log`: named after the size as given, so runs with the same options share a file. */
export function defaultOutPath(size: string, seed: number, bodies: boolean): string {
  return `bench/data/audit-${size.trim().toLowerCase()}-s${seed}${bodies ? "" : "-nobodies"}.log`;
}
