const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:[.,](\d+))?(Z|z|[+-]\d\d:?\d\d)$/;

/**
 * RFC 3339 → microseconds since the epoch. Audit timestamps carry microseconds, which Date drops, so the
 * fraction is read separately and Date only handles the calendar part. Returns NaN when unparsable.
 */
export function parseMicros(value: string): number {
  const m = RFC3339.exec(value);
  if (!m) return NaN;
  const zone = m[3] === "z" ? "Z" : m[3]!;
  const ms = Date.parse(`${m[1]}${zone}`);
  if (Number.isNaN(ms)) return NaN;
  const fraction = (m[2] ?? "").slice(0, 6).padEnd(6, "0");
  return ms * 1000 + Number(fraction);
}

/** Microseconds since the epoch → ISO 8601 in UTC with six fractional digits. */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // …:SS.mmmZ
  const micros = String(us - ms * 1000).padStart(3, "0");
  return `${iso.slice(0, -1)}${micros}Z`;
}
