/**
 * What a store must re-judge after the matches of a correlation rule changed at some times (requests
 * added, changed or deleted): verdicts within W of a change can differ (`judge`, merged where they meet),
 * and judging them needs the matches within W of those (`read`). Correlating `read` and replacing the
 * hits inside `judge` keeps the stored hits equal to correlate() on everything: docs/findings.md says why.
 */
export type RejudgeRange = { judge: { fromUs: number; toUs: number }; read: { fromUs: number; toUs: number } };

/** Inclusive ranges, in time order, for changes at `timesUs` (any order, repeats allowed). */
export function rejudgeRanges(timesUs: readonly number[], windowUs: number): RejudgeRange[] {
  const sorted = [...timesUs].sort((a, b) => a - b);
  const ranges: RejudgeRange[] = [];
  let open: { fromUs: number; toUs: number } | null = null;
  for (const t of sorted) {
    if (open && t - windowUs <= open.toUs) {
      open.toUs = t + windowUs;
      continue;
    }
    if (open) ranges.push(rangeOf(open, windowUs));
    open = { fromUs: t - windowUs, toUs: t + windowUs };
  }
  if (open) ranges.push(rangeOf(open, windowUs));
  return ranges;
}

function rangeOf(judge: { fromUs: number; toUs: number }, windowUs: number): RejudgeRange {
  return { judge, read: { fromUs: judge.fromUs - windowUs, toUs: judge.toUs + windowUs } };
}
