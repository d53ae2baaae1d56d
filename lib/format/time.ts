import { parseMicros } from "@/lib/time/micros";

/**
 * ISO 8601 / RFC 3339 → "2024-09-11 14:16:32.059" in UTC, millisecond precision. The fraction is cut,
 * not rounded, so a time never moves into the next second. Unparsable input is returned as is: an
 * audit tool shows what it has rather than hiding it.
 */
export function formatTime(iso: string | null, precision: "ms" | "s" = "ms"): string {
  if (iso === null) return "—";
  const us = parseMicros(iso);
  const ms = Number.isNaN(us) ? Date.parse(iso) : Math.floor(us / 1000);
  if (Number.isNaN(ms)) return iso;
  const text = new Date(ms).toISOString().replace("T", " ").slice(0, -1);
  return precision === "ms" ? text : text.slice(0, 19);
}

/** "2024-09-11 14:16:32 – 2024-09-12 08:00:01" (UTC, seconds), or the one end that exists. */
export function formatTimeRange(first: string | null, last: string | null): string {
  if (first === null && last === null) return "—";
  if (first === null || last === null) return formatTime(first ?? last, "s");
  return `${formatTime(first, "s")} – ${formatTime(last, "s")}`;
}
