import type { RunSummary } from "@/lib/store/types";

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

export function progressLine(name: string, bytes: number, total: number | null, s: RunSummary, elapsedMs: number): string {
  const pct = total ? ` ${((bytes / total) * 100).toFixed(0).padStart(3)}%` : "";
  const rate = elapsedMs > 0 ? Math.round((s.events / elapsedMs) * 1000) : 0;
  return `${name}:${pct} ${mb(bytes)} MB, ${s.events} events (${rate}/s), ${s.added} added, ${s.invalid} invalid`;
}

/** `warning`: why a run read no audit event at all (lib/ingest/no-events.ts), printed under the counts. */
export function formatRunSummary(name: string, s: RunSummary, elapsedMs: number, warning: string | null = null): string {
  const lines = [
    `${name}: run ${s.runId} in ${(elapsedMs / 1000).toFixed(2)} s`,
    `  events ${s.events}  added ${s.added}  duplicates ${s.duplicates}  invalid ${s.invalid}  requests ${s.requests}`,
  ];
  if (warning) lines.push(`  warning: ${warning}`);
  for (const e of s.errors) lines.push(`  line ${e.line}: ${e.reason}`);
  if (s.invalid > s.errors.length) lines.push(`  … and ${s.invalid - s.errors.length} more invalid lines`);
  return lines.join("\n");
}
