/** Timing statistics over repeated runs. */

export type Percentiles = { p50Ms: number; p95Ms: number; minMs: number; maxMs: number; runs: number };

/**
 * Nearest-rank percentile: always a value that was actually measured, so a p95 over 20 runs is the 19th
 * fastest run rather than an interpolation between two runs.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no values");
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarize(samplesMs: readonly number[]): Percentiles {
  return {
    p50Ms: round(percentile(samplesMs, 50), 2),
    p95Ms: round(percentile(samplesMs, 95), 2),
    minMs: round(Math.min(...samplesMs), 2),
    maxMs: round(Math.max(...samplesMs), 2),
    runs: samplesMs.length,
  };
}

/** Rounds to `digits` decimals; results are reported, not computed with, so a few digits suffice. */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
