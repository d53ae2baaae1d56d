import "server-only";
import { notifyFindings } from "@/lib/findings/notify/live";
import type { RunSummary } from "@/lib/store/types";
import type { IngestTarget, RunSource } from "@/lib/store/ingest-target";
import { EventSink, emptySummary, MAX_REPORTED_ERRORS } from "./event-sink";
import type { ParsedItem } from "./types";

const KEEPALIVE_MS = 30_000;

const liveRunKey = (source: RunSource, cluster: string, label: string | null) => `${source}\u0000${cluster}\u0000${label ?? ""}`;

/**
 * One open run per live source (a tailed file, the webhook for one cluster) for the life of the process,
 * so the runs page shows one row that keeps counting instead of a row per delivery. `requests` in its
 * totals adds up each delivery's distinct requests: a request split across deliveries counts twice there.
 */
export class LiveRun {
  readonly runId: number;
  private readonly totals: RunSummary;
  private bytes = 0;
  private readonly timer: NodeJS.Timeout;
  readonly key: string;
  /** A webhook's token admits one cluster's deliveries; only a tailed file may name others. */
  private readonly recordClusters: boolean;

  constructor(
    readonly target: IngestTarget,
    readonly source: RunSource,
    readonly cluster: string,
    label: string | null,
  ) {
    this.runId = target.openRun(source, label, cluster);
    this.key = liveRunKey(source, cluster, label);
    this.recordClusters = source !== "webhook";
    this.totals = emptySummary(this.runId);
    // An idle source is still alive; without this the runs page would call it interrupted.
    this.timer = setInterval(() => this.target.keepAlive(this.runId), KEEPALIVE_MS);
    this.timer.unref();
  }

  /** Stores one delivery synchronously and returns its own summary. */
  deliver(items: ParsedItem[], bytes: number): RunSummary {
    const sink = new EventSink(this.target, this.cluster, this.runId, undefined, this.recordClusters, notifyFindings);
    sink.push(items);
    sink.flush();
    const delivery = sink.summary;
    delivery.requests = sink.takeRequests();
    this.accumulate(delivery, bytes);
    return delivery;
  }

  /**
   * Stores one delivery as it is parsed, in write batches of `batchEvents`, and returns its own summary
   * with the error that ended it early, if any: what was read before that error is stored too.
   */
  async deliverStream(
    batches: AsyncIterable<ParsedItem[]>,
    bytes: () => number,
    batchEvents?: number,
  ): Promise<{ summary: RunSummary; error: unknown }> {
    const sink = new EventSink(this.target, this.cluster, this.runId, batchEvents, this.recordClusters, notifyFindings);
    let error: unknown = null;
    try {
      for await (const items of batches) sink.push(items);
    } catch (err) {
      error = err;
    }
    sink.flush();
    const delivery = sink.summary;
    delivery.requests = sink.takeRequests();
    this.accumulate(delivery, bytes());
    return { summary: delivery, error };
  }

  private accumulate(d: RunSummary, bytes: number): void {
    const t = this.totals;
    this.bytes += bytes;
    t.events += d.events;
    t.added += d.added;
    t.duplicates += d.duplicates;
    t.invalid += d.invalid;
    t.requests += d.requests;
    for (const e of d.errors) if (t.errors.length < MAX_REPORTED_ERRORS) t.errors.push(e);
    this.target.recordProgress(t, this.bytes);
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Ends the run as done (a clean shutdown); the next start opens a new one. */
  finish(): void {
    this.close();
    this.target.finishRun(this.totals, this.bytes, "done");
  }
}

type Registry = WeakMap<IngestTarget, Map<string, LiveRun>>;
// Per store, and kept on globalThis because Next.js dev reloads modules.
const registry: Registry = ((globalThis as { __auditlensLiveRuns?: Registry }).__auditlensLiveRuns ??= new WeakMap());
// The same runs, to end them all at shutdown (a WeakMap cannot be walked).
const openRuns: Set<LiveRun> = ((globalThis as { __auditlensOpenLiveRuns?: Set<LiveRun> }).__auditlensOpenLiveRuns ??= new Set());

/** Marks every open live run done, so that the runs page does not call them interrupted after a clean stop. */
export function finishLiveRuns(): void {
  for (const run of openRuns) {
    run.finish();
    registry.get(run.target)?.delete(run.key);
  }
  openRuns.clear();
}

export function liveRun(target: IngestTarget, source: RunSource, cluster: string, label: string | null): LiveRun {
  let runs = registry.get(target);
  if (!runs) {
    runs = new Map();
    registry.set(target, runs);
  }
  const key = liveRunKey(source, cluster, label);
  let run = runs.get(key);
  if (!run) {
    run = new LiveRun(target, source, cluster, label);
    runs.set(key, run);
    openRuns.add(run);
  }
  return run;
}
