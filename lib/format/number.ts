// A fixed locale so server- and client-rendered numbers agree (no hydration mismatch) and every viewer sees the same digits.
const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567". */
export function formatNumber(n: number): string {
  return Number.isFinite(n) ? integer.format(n) : "—";
}

/** Count with a noun, singular when 1: (1, "request") → "1 request", (2, "request") → "2 requests". */
export function formatCount(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}
