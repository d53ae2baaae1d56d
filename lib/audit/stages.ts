import type { Level, Stage } from "./event";
import { LEVELS, STAGES } from "./event";

/** Lifecycle order: a later stage holds the more complete picture of the request. */
export function stageRank(stage: Stage): number {
  return STAGES.indexOf(stage);
}

export function stageBit(stage: Stage): number {
  return 1 << stageRank(stage);
}

export function stagesFromBits(bits: number): Stage[] {
  return STAGES.filter((_, i) => (bits & (1 << i)) !== 0);
}

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function levelName(rank: number): Level {
  return LEVELS[rank] ?? "None";
}
