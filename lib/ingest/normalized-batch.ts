import { normalizerFor, type NormalizedEvent, type Normalizer, type Redaction } from "./normalize";
import type { ParsedItem, ParseProblem } from "./types";

/** Parsed items made ready for the writer: the events normalized, every problem kept with its line. */
export type NormalizedBatch = { events: NormalizedEvent[]; problems: ParseProblem[] };

export function normalizeItems(items: ParsedItem[], redaction: Redaction): NormalizedBatch {
  const events: NormalizedEvent[] = [];
  const problems: ParseProblem[] = [];
  normalizeEach(items, normalizerFor(redaction), (e) => events.push(e), problems);
  return { events, problems };
}

/** Hands each event, normalized by `normalize`, to `onEvent` in input order; problems go to `problems`. */
export function normalizeEach(
  items: ParsedItem[],
  normalize: Normalizer,
  onEvent: (event: NormalizedEvent) => void,
  problems: ParseProblem[],
): void {
  for (const item of items) {
    if (item.kind === "invalid") {
      problems.push(item);
      continue;
    }
    const normalized = normalize(item.event, item.raw);
    if (typeof normalized === "string") problems.push({ kind: "invalid", line: item.line, reason: normalized });
    else onEvent(normalized);
  }
}
