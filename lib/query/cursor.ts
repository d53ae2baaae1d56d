/** Keyset position (ts, id) of the last row of a page, opaque to clients. */
export type Cursor = { ts: number; id: number };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.ts}:${c.id}`).toString("base64url");
}

export function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  const m = /^(-?\d{1,17}):(\d{1,17})$/.exec(Buffer.from(s, "base64url").toString());
  if (!m) return null;
  return { ts: Number(m[1]), id: Number(m[2]) };
}
