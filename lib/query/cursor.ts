/** Keyset position (ts, id) of the last row of a page, opaque to clients. */
export type Cursor = { ts: number; id: number };

/**
 * Keyset position for the latency sort: (latency_us, id) of the last row. `latencyUs` is null once the
 * walk has reached the requests whose latency is unknown, which sort after every known latency.
 */
export type LatencyCursor = { latencyUs: number | null; id: number };

const INT = "-?\\d{1,17}";
const TIME = new RegExp(`^(${INT}):(\\d{1,17})$`);
// A prefix keeps the two kinds apart: a time cursor handed to the latency sort (or the other way round,
// after someone edits `sort` in a URL) decodes to null, which is page 1, never a wrong page.
const LATENCY = new RegExp(`^L:(${INT}|n):(\\d{1,17})$`);

// btoa/atob rather than Buffer: the filter schema validates cursors in client components too (Copy link).
const encode = (s: string) => btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
function decode(s: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return "";
  try {
    return atob(s.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return "";
  }
}

export function encodeCursor(c: Cursor): string {
  return encode(`${c.ts}:${c.id}`);
}

export function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  const m = TIME.exec(decode(s));
  if (!m) return null;
  return { ts: Number(m[1]), id: Number(m[2]) };
}

export function encodeLatencyCursor(c: LatencyCursor): string {
  return encode(`L:${c.latencyUs ?? "n"}:${c.id}`);
}

export function decodeLatencyCursor(s: string | undefined): LatencyCursor | null {
  if (!s) return null;
  const m = LATENCY.exec(decode(s));
  if (!m) return null;
  return { latencyUs: m[1] === "n" ? null : Number(m[1]), id: Number(m[2]) };
}

