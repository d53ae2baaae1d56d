import { PARSE_STEP } from "./parse-steps";
import type { StepTime } from "./step-clock";
import { STORE_VARIANTS } from "./store-steps";

export type Ceiling = {
  what: string;
  /** The steps summed, by name. */
  steps: string[];
  usPerEvent: number;
  /** Events a second if `cores` cores shared that work with nobody ever waiting: an upper bound. */
  eventsPerSec: number;
};

/**
 * The least an ingest of a JSON-lines log into a queryable store must do per event: read and parse each
 * line, keep it compressed (the cheapest codec measured), and insert a row. One core does it all; more
 * cores share it only by handing the parsed fields from one thread to another.
 */
const BARE = [PARSE_STEP.read, PARSE_STEP.parse, PARSE_STEP.brotli1, PARSE_STEP.pick, STORE_VARIANTS[0]!.step];

/** What this store does at the least, on top of which the real pipeline adds validation, normalization and deduplication lookups. */
const AS_STORED = [
  PARSE_STEP.read, PARSE_STEP.parse, PARSE_STEP.hash, PARSE_STEP.brotli3, PARSE_STEP.pick, PARSE_STEP.handOff,
  PARSE_STEP.group, STORE_VARIANTS[STORE_VARIANTS.length - 1]!.step,
];

function sumOf(times: Map<string, number>, steps: readonly string[]): number {
  return steps.reduce((sum, step) => {
    const us = times.get(step);
    if (us === undefined) throw new Error(`floor: step "${step}" was not measured`);
    return sum + us;
  }, 0);
}

export function ceilings(steps: StepTime[], cores: number): { bare: Ceiling; asStored: Ceiling } {
  const times = new Map(steps.map((s) => [s.step, s.usPerEvent]));
  const bareUs = sumOf(times, BARE);
  const sharedUs = bareUs + sumOf(times, [PARSE_STEP.handOff]);
  const shared = cores > 1 && cores / sharedUs > 1 / bareUs;
  const storedUs = sumOf(times, AS_STORED);
  return {
    bare: {
      what: shared ? `read, parse, compress, insert: shared by ${cores} cores` : "read, parse, compress, insert: on one core",
      steps: shared ? [...BARE, PARSE_STEP.handOff] : BARE,
      usPerEvent: shared ? sharedUs : bareUs,
      eventsPerSec: shared ? (cores * 1e6) / sharedUs : 1e6 / bareUs,
    },
    asStored: {
      what: `what this store keeps per request, on ${cores} cores`,
      steps: AS_STORED,
      usPerEvent: storedUs,
      eventsPerSec: (Math.max(1, cores) * 1e6) / storedUs,
    },
  };
}
