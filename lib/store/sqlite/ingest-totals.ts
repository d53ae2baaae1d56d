import "server-only";
import type { Db } from "./db";
import type { RunSource } from "@/lib/store/ingest-target";

export type IngestTotals = { source: RunSource; events: number; requests: number; invalid: number };

const SOURCES: RunSource[] = ["upload", "cli", "tail", "webhook"];

/**
 * What every run has stored, per source, since the store was made: the CLI writes from a process of its
 * own, so only the store knows its share. Runs are never deleted, so each total only grows.
 */
export function ingestTotals(db: Db): IngestTotals[] {
  const rows = db
    .prepare<[], IngestTotals>("SELECT source, sum(events) AS events, sum(requests) AS requests, sum(invalid) AS invalid FROM runs GROUP BY source")
    .all();
  const bySource = new Map(rows.map((r) => [r.source, r]));
  return SOURCES.map((source) => bySource.get(source) ?? { source, events: 0, requests: 0, invalid: 0 });
}
