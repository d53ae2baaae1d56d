import { DAY, START_US, TimestampFormatter } from "./clock";
import { PendingEvents } from "./heap";
import { uuid } from "./ids";
import { PlanBuilder } from "./plan";
import { Prng } from "./prng";
import { renderRequest } from "./render";
import { Traffic } from "./traffic";
import { World } from "./world";

export type GenerateOptions = {
  /** Requests (audit IDs); each becomes two or three stage events. */
  requests: number;
  seed: number;
  /** Log ~5% of events at Request/RequestResponse level with bodies; false keeps everything at Metadata. */
  bodies: boolean;
};

/** Requests per second, on average over a day. */
export const MEAN_RATE = 12;

/** A quieter night and a busier afternoon, ±30% around the mean. */
function rateAt(us: number): number {
  const phase = ((us - START_US) % DAY) / DAY;
  return MEAN_RATE * (1 - 0.3 * Math.cos(2 * Math.PI * (phase - 0.1)));
}

/**
 * The audit log of a busy cluster, one JSON line (no newline) per stage event, in stage-timestamp
 * order. The same options always yield the same lines.
 */
export function* generateAuditLog(opts: GenerateOptions): Generator<string, void, undefined> {
  // Separate streams for the cluster and its traffic: the world stays the same whatever is asked of it.
  const world = new World(new Prng(opts.seed ^ 0x2545f491));
  const rng = new Prng(opts.seed);
  const builder = new PlanBuilder(rng, world, opts.bodies);
  const traffic = new Traffic(world);
  const fmt = new TimestampFormatter();
  const pending = new PendingEvents();

  let now = START_US;
  for (let i = 0; i < opts.requests; i++) {
    now += 1 + Math.round(rng.exponential(1_000_000 / rateAt(now)));
    while (pending.size > 0 && pending.peekAt() <= now) yield pending.pop();
    builder.now = now;
    const plan = traffic.next(builder);
    const ips = plan.actor.sourceIPs;
    const sourceIPs = ips.length === 1 ? ips[0]! : rng.pick(ips);
    yield renderRequest(plan, uuid(rng), now, sourceIPs, fmt, pending);
  }
  while (pending.size > 0) yield pending.pop();
}
