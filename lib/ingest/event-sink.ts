import "server-only";
import type { RunSummary } from "@/lib/store/types";
import type { IngestTarget, NewFinding, RunWriter } from "@/lib/store/ingest-target";
import type { NormalizedEvent, Redaction } from "./normalize";
import { normalizeItems, type NormalizedBatch } from "./normalized-batch";
import { DEFAULT_CLUSTER } from "./options";
import type { ParsedItem } from "./types";

export const MAX_REPORTED_ERRORS = 20;
/**
 * Large enough that a commit writes each touched index page once for many rows (at 1M requests, 20 000
 * took ~12% less time than 10 000; 30 000 was slower again, and larger); ~20 MB of events in memory.
 */
export const BATCH_EVENTS = 20_000;

export function emptySummary(runId: number): RunSummary {
  return { runId, events: 0, added: 0, duplicates: 0, invalid: 0, requests: 0, errors: [] };
}

/**
 * Where parsed items of one run go: problems are counted (the first few kept with their line), events
 * are normalized and written in batches of one transaction each. Every source (file, upload, tail,
 * webhook) ends here, so counting and dedup behave the same whatever brought the bytes.
 */
export class EventSink {
  readonly summary: RunSummary;
  private readonly writer: RunWriter;
  /** Writers for the clusters records name themselves (GKE's cluster_name), when the user named none. */
  private readonly namedWriters: Map<string, RunWriter> | null;
  private readonly redaction: Redaction;
  private batch: NormalizedEvent[] = [];

  constructor(
    private readonly target: IngestTarget,
    cluster: string,
    readonly runId: number,
    private readonly batchEvents = BATCH_EVENTS,
    recordClusters = true,
  ) {
    this.writer = target.writer(cluster, runId);
    this.namedWriters = recordClusters && cluster === DEFAULT_CLUSTER ? new Map() : null;
    this.redaction = target.redaction();
    this.summary = emptySummary(runId);
  }

  problem(line: number, reason: string): void {
    this.summary.invalid++;
    if (this.summary.errors.length < MAX_REPORTED_ERRORS) this.summary.errors.push({ line, reason });
  }

  /** Takes parsed items; returns true when that filled a batch and it was written. */
  push(items: ParsedItem[]): boolean {
    return this.pushNormalized(normalizeItems(items, this.redaction));
  }

  /** Takes items already normalized (by the parse worker); returns true when a batch was written. */
  pushNormalized({ events, problems }: NormalizedBatch): boolean {
    for (const p of problems) this.problem(p.line, p.reason);
    this.summary.events += events.length;
    for (const e of events) this.batch.push(e);
    if (this.batch.length < this.batchEvents) return false;
    this.flush();
    return true;
  }

  flush(): void {
    if (this.batch.length === 0) return;
    for (const [writer, events] of this.byWriter(this.batch)) {
      const result = writer.write(events);
      this.summary.added += result.added;
      this.summary.duplicates += result.duplicates;
    }
    this.batch = [];
  }

  /** Distinct requests touched since the last call. */
  takeRequests(): number {
    let n = this.writer.takeTouched();
    for (const writer of this.namedWriters?.values() ?? []) n += writer.takeTouched();
    return n;
  }

  /** Hits the batches written since the last call added, over every cluster's writer. */
  takeNewFindings(): NewFinding[] {
    const found = this.writer.takeNewFindings();
    for (const writer of this.namedWriters?.values() ?? []) for (const f of writer.takeNewFindings()) found.push(f);
    return found;
  }

  /** The batch split by the cluster each event goes to; nearly always all of it to the run's. */
  private byWriter(batch: NormalizedEvent[]): Map<RunWriter, NormalizedEvent[]> {
    const named = this.namedWriters;
    if (named === null || batch.every((e) => e.cluster === null)) return new Map([[this.writer, batch]]);
    const out = new Map<RunWriter, NormalizedEvent[]>();
    for (const e of batch) {
      let writer = this.writer;
      if (e.cluster !== null) {
        writer = named.get(e.cluster) ?? this.target.writer(e.cluster, this.runId);
        named.set(e.cluster, writer);
      }
      const events = out.get(writer) ?? [];
      if (events.length === 0) out.set(writer, events);
      events.push(e);
    }
    return out;
  }
}
