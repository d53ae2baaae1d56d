import type { Plan, PlanBuilder } from "../plan";
import { Weighted } from "../prng";
import type { World } from "../world";
import type { Behaviour } from "./common";
import { controlPlaneTraffic } from "./control-plane";
import { healthTraffic } from "./health";
import { humanTraffic } from "./humans";
import { kubeletTraffic } from "./kubelets";
import { workloadTraffic } from "./workloads";

/** The whole cluster's request mix: one weighted table over every client's behaviours. */
export class Traffic {
  private readonly table: Weighted<Behaviour>;

  constructor(world: World) {
    this.table = new Weighted([
      ...kubeletTraffic(world),
      ...controlPlaneTraffic(world),
      ...workloadTraffic(world),
      ...humanTraffic(world),
      ...healthTraffic(),
    ]);
  }

  next(b: PlanBuilder): Plan {
    return this.table.pick(b.rng)(b);
  }
}
