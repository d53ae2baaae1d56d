import type { Plan, PlanBuilder } from "../plan";
import type { Prng } from "../prng";
import type { Obj } from "../world";

/** One kind of request some client makes, and how often relative to the others. */
export type Behaviour = (b: PlanBuilder) => Plan;
export type Entry = readonly [Behaviour, number];

/** Picks an object, preferring existing ones: clients mostly ask for what is there. */
export function mostlyExisting(rng: Prng, objs: readonly Obj[], existing = 0.97): Obj {
  let obj = rng.pick(objs);
  if (rng.chance(existing)) for (let i = 0; i < 6 && !obj.exists; i++) obj = rng.pick(objs);
  return obj;
}

export const nameSelector = (name: string) => `&fieldSelector=metadata.name%3D${name}`;

/** The value of a merge patch on one field, as kubectl and controllers send them. */
export const patchJson = (value: object) => () => JSON.stringify(value);
