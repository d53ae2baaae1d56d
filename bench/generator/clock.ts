/** Every generated log starts at the same instant, so the bytes depend on the seed alone. */
export const START_US = Date.UTC(2026, 2, 2, 0, 0, 0) * 1000;

export const MS = 1000;
export const SECOND = 1_000_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * RFC 3339 with microseconds and `Z`, as the API server writes them: `2024-05-10T12:55:43.587646Z`.
 * The date part is cached per second; most consecutive calls fall in the same second.
 */
export class TimestampFormatter {
  private second = -1;
  private prefix = "";

  format(us: number): string {
    const second = Math.floor(us / SECOND);
    if (second !== this.second) {
      this.second = second;
      this.prefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    const micros = us - second * SECOND;
    return `${this.prefix}.${String(micros).padStart(6, "0")}Z`;
  }
}

/** Whole seconds, as object metadata carries them: `2026-03-02T00:00:00Z`. */
export function rfc3339Seconds(us: number): string {
  return `${new Date(Math.floor(us / SECOND) * 1000).toISOString().slice(0, 19)}Z`;
}

/** Go's time.Duration.String for whole seconds, as client-go puts it in `?timeout=`: 451 → `7m31s`. */
export function goDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}
