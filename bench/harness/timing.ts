import { summarize, type Percentiles } from "./percentile";

export const WARMUP_RUNS = 2;

/**
 * Runs `fn` WARMUP_RUNS times untimed (statement compilation, page cache), then `runs` times timed.
 * The dashboard answers the same questions over and over, so the warm figures are the ones users see.
 */
export async function timeRepeated(fn: () => unknown, runs: number): Promise<Percentiles> {
  for (let i = 0; i < WARMUP_RUNS; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}
