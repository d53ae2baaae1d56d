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

/** A step whose cost is the cheaper of two ways measured to do it. */
type Cheaper = { cheaperOf: readonly [string, string] };
type Step = string | Cheaper;

const CODEC: Cheaper = { cheaperOf: [EVENT_STEP.brotli0, EVENT_STEP.brotli1] };
const HAND_OFF: Cheaper = { cheaperOf: [EVENT_STEP.handOffClone, EVENT_STEP.handOffColumns] };

/**
 * The least an ingest of a JSON-lines log into a queryable store does per event: read and parse each
 * line into a row's fields, keep the original compressed (the cheapest codec measured), group the
 * stages into requests, and insert one row per request.
 */
const BARE = {
  parse: [EVENT_STEP.read, EVENT_STEP.parse, CODEC, EVENT_STEP.group],
  writer: [STORE_VARIANTS[0]!.step],
};

/** What this store keeps, at the least; the real pipeline adds validation, normalization and deduplication lookups. */
const AS_STORED = {
  parse: [EVENT_STEP.read, EVENT_STEP.parse, EVENT_STEP.hash, EVENT_STEP.brotli3, EVENT_STEP.group],
  writer: [STORE_VARIANTS[STORE_VARIANTS.length - 1]!.step],
};

function costOf(times: Map<string, number>, step: Step): number {
  if (typeof step !== "string") return Math.min(...step.cheaperOf.map((s) => costOf(times, s)));
  const us = times.get(step);
  if (us === undefined) throw new Error(`floor: step "${step}" was not measured`);
  return us;
}

const sumOf = (times: Map<string, number>, steps: readonly Step[]) => steps.reduce((sum, step) => sum + costOf(times, step), 0);
const named = (steps: readonly Step[]) => steps.map((s) => (typeof s === "string" ? s : s.cheaperOf.join(" | ")));

/**
 * The best split of the work over `cores` threads, one of them the writer: it writes every event (w µs)
 * and parses the share 1 - f itself (p µs each); the others parse the share f and hand it over (h µs,
 * the cheaper way measured, half on each side).
 */
export function bestSplit(p: number, w: number, h: number, cores: number): { handedOff: number; usPerEvent: number } {
  if (cores <= 1) return { handedOff: 0, usPerEvent: p + w };
  const others = cores - 1;
  const busiest = (f: number) => Math.max(w + (1 - f) * p + (f * h) / 2, (f * (p + h / 2)) / others);
  // The busiest thread's time is least where the two lines cross, or at an end when they do not cross
  // inside [0, 1] (past f = 1, or when handing an event over costs the writer more than parsing it).
  const crossing = (w + p) / ((p + h / 2) / others + p - h / 2);
  const candidates = [0, 1, ...(crossing > 0 && crossing < 1 ? [crossing] : [])];
  const handedOff = candidates.reduce((best, f) => (busiest(f) < busiest(best) ? f : best));
  return { handedOff, usPerEvent: busiest(handedOff) };
}

function ceiling(what: string, steps: { parse: Step[]; writer: Step[] }, times: Map<string, number>, cores: number): Ceiling {
  const handOff = costOf(times, HAND_OFF);
  const writer = sumOf(times, steps.writer);
  const split = bestSplit(sumOf(times, steps.parse), writer, handOff, cores);
  return {
    what,
    parseSteps: named(steps.parse),
    writerSteps: named(steps.writer),
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
