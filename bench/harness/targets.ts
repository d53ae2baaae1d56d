/** The targets (on a 2-core machine), each beside the figure it judges. */

export type Target = { op: ">=" | "<="; value: number };

export type Targets = {
  cliEventsPerSec: Target;
  /** One jq pass's seconds over the CLI ingest's seconds. */
  cliVsJq: Target;
  /** HTTP upload events/s over CLI events/s. */
  httpVsCli: Target;
  peakRssMb: Target;
  storeRatio: Target;
  dashboardP50Ms: Target;
  /** Stated at 1M requests only. */
  filteredP50Ms: Target | null;
  oneRequestP50Ms: Target;
  /** The first page of the busiest object's history, as the history page opens it. */
  historyP50Ms: Target;
  /** Page 1000's p50 over page 1's: "as fast as" with room for noise on a few-millisecond query. */
  page1000VsPage1: Target;
  jqRatio10: Target;
};

const LARGE = 1_000_000;

/**
 * Query targets are stated at 1M requests (and the whole dashboard and object history at 10M); a smaller log is held to the
 * 1M figures, which it should beat, and a larger one to the 10M ones.
 */
export function targetsFor(size: number): Targets {
  const large = size > LARGE;
  return {
    cliEventsPerSec: { op: ">=", value: 150_000 },
    cliVsJq: { op: ">=", value: 2 },
    httpVsCli: { op: ">=", value: 0.8 },
    peakRssMb: { op: "<=", value: 300 },
    storeRatio: { op: "<=", value: 0.3 },
    dashboardP50Ms: { op: "<=", value: large ? 1000 : 150 },
    filteredP50Ms: large ? null : { op: "<=", value: 50 },
    oneRequestP50Ms: { op: "<=", value: 5 },
    historyP50Ms: { op: "<=", value: large ? 100 : 50 },
    page1000VsPage1: { op: "<=", value: 1.25 },
    jqRatio10: { op: ">=", value: 10 },
  };
}

export type Verdict = "✓" | "✗" | "–";

/** "–" when there is nothing to judge: no target, or the figure was not measured. */
export function verdict(measured: number | null | undefined, target: Target | null | undefined): Verdict {
  if (target == null || measured == null || Number.isNaN(measured)) return "–";
  const ok = target.op === ">=" ? measured >= target.value : measured <= target.value;
  return ok ? "✓" : "✗";
}
