/** Same meanings as the dashboard chart: writes amber, deletes and 5xx red, 2xx green, users categorical. */
const NAMED: Record<string, string> = {
  read: "#7dd3fc",
  write: "#f59e0b",
  delete: "#dc2626",
  "2xx": "#10b981",
  "3xx": "#38bdf8",
  "4xx": "#f59e0b",
  "5xx": "#dc2626",
  "1xx": "#a1a1aa",
  none: "#a1a1aa",
  other: "#a1a1aa",
};
const PALETTE = ["#0ea5e9", "#8b5cf6", "#f59e0b", "#10b981", "#ec4899", "#64748b"];

export function seriesColor(name: string, index: number, byUser: boolean): string {
  if (!byUser || name === "other") return NAMED[name] ?? PALETTE[index % PALETTE.length]!;
  return PALETTE[index % PALETTE.length]!;
}
