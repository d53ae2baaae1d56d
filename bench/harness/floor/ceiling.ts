import { EVENT_STEP } from "./event-steps";
import type { StepTime } from "./step-clock";
import { STORE_VARIANTS } from "./store-steps";

export type Ceiling = {
  what: string;
  /** Steps any thread can run for an event, and the writer's, which one thread runs: SQLite takes one writer. */
  parseSteps: string[];
  writerSteps: string[];
  /** Share of the events parsed on other threads and handed to the writer, in the best split. */
  handedOff: number;
  /** Time of the busiest thread per event, in the best split. */
  usPerEvent: number;
  /** Events a second with no waiting and nothing else to do: an upper bound. */
  eventsPerSec: number;
  /** The same with every event parsed elsewhere, however many cores: the writer's thread alone. */
  writerAloneEventsPerSec: number;
};

/**
 * The least an ingest of a JSON-lines log into a queryable store does per event: read and parse each
 * line, keep the original compressed (the cheapest codec measured), pick a row's fields, one row per request.
 */
const BARE = {
  parse: [EVENT_STEP.read, EVENT_STEP.parse, EVENT_STEP.brotli1, EVENT_STEP.pick],
  writer: [EVENT_STEP.group, STORE_VARIANTS[0]!.step],
};

/** What this store keeps, at the least; the real pipeline adds validation, normalization and deduplication lookups. */
const AS_STORED = {
  parse: [EVENT_STEP.read, EVENT_STEP.parse, EVENT_STEP.hash, EVENT_STEP.brotli3, EVENT_STEP.pick],
  writer: [EVENT_STEP.group, STORE_VARIANTS[STORE_VARIANTS.length - 1]!.step],
};

function sumOf(times: Map<string, number>, steps: readonly string[]): number {
  return steps.reduce((sum, step) => {
    const us = times.get(step);
    if (us === undefined) throw new Error(`floor: step "${step}" was not measured`);
    return sum + us;
  }, 0);
}

/**
 * The best split of the work over `cores` threads, one of them the writer: it writes every event (w µs)
 * and parses the share 1 - f itself (p µs each); the others parse the share f and hand it over (h µs,
 * the cheaper way measured, half on each side). Balancing the writer's thread against the others gives f; more than all the events
 * cannot be handed over, so past f = 1 the writer alone sets the pace.
 */
export function bestSplit(p: number, w: number, h: number, cores: number): { handedOff: number; usPerEvent: number } {
  if (cores <= 1) return { handedOff: 0, usPerEvent: p + w };
  const others = cores - 1;
  const writerAt = (f: number) => w + (1 - f) * p + (f * h) / 2;
  const othersAt = (f: number) => (f * (p + h / 2)) / others;
  const balanced = (w + p) / ((p + h / 2) / others + p - h / 2);
  const f = Math.min(1, Math.max(0, balanced));
  return { handedOff: f, usPerEvent: Math.max(writerAt(f), othersAt(f)) };
}

function ceiling(what: string, steps: { parse: string[]; writer: string[] }, times: Map<string, number>, cores: number): Ceiling {
  const handOff = Math.min(sumOf(times, [EVENT_STEP.handOffClone]), sumOf(times, [EVENT_STEP.handOffColumns]));
  const writer = sumOf(times, steps.writer);
  const split = bestSplit(sumOf(times, steps.parse), writer, handOff, cores);
  return {
    what,
    parseSteps: steps.parse,
    writerSteps: steps.writer,
    ...split,
    eventsPerSec: 1e6 / split.usPerEvent,
    writerAloneEventsPerSec: 1e6 / (writer + handOff / 2),
  };
}

export function ceilings(steps: StepTime[], cores: number): { bare: Ceiling; asStored: Ceiling } {
  const times = new Map(steps.map((s) => [s.step, s.usPerEvent]));
  return {
    bare: ceiling(`bare: read, parse, compress, a row per request, on ${cores} cores`, BARE, times, cores),
    asStored: ceiling(`what this store keeps per request, on ${cores} cores`, AS_STORED, times, cores),
  };
}
