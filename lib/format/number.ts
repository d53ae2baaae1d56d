// A fixed locale so server- and client-rendered numbers agree (no hydration mismatch) and every viewer sees the same digits.
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567". */
export function formatNumber(n: number): string {
  return Number.isFinite(n) ? integer.format(n) : "—";
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** For narrow places such as a chart's axis: 7500 → "7.5K", 1200000 → "1.2M"; below 1000 as is. */
export function formatCompact(n: number): string {
  return Number.isFinite(n) ? compact.format(n) : "—";
}

/** Count with a noun, singular when 1: (1, "request") → "1 request", (2, "request") → "2 requests". */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}
