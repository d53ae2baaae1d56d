import "server-only";
import path from "node:path";
import { z } from "zod";
import type { IngestTarget } from "@/lib/store/ingest-target";
import { clusterNameSchema, DEFAULT_CLUSTER } from "../options";
import { liveRun } from "../live-run";
import { FileFollower, type FollowerStatus } from "./file-follower";

const POLL_MS = 500;

export const tailConfigSchema = z.object({
  AUDITLENS_TAIL: z
    .string()
    .optional()
    .transform((s) => [...new Set((s ?? "").split(",").map((p) => p.trim()).filter(Boolean).map((p) => path.resolve(p)))]),
  AUDITLENS_CLUSTER: clusterNameSchema.optional().catch(undefined),
});

type Manager = { followers: FileFollower[]; timer: NodeJS.Timeout | null };
const manager: Manager = ((globalThis as { __auditlensTail?: Manager }).__auditlensTail ??= { followers: [], timer: null });

/**
 * Starts following the files named in AUDITLENS_TAIL (once per process). Each poll is cheap (a stat and
 * a small read), and new lines show up within a second; errors are kept on the follower's status and
 * retried on the next poll, never thrown at the server.
 */
export function startTailing(target: IngestTarget, env: NodeJS.ProcessEnv = process.env): void {
  if (manager.timer) return;
  const config = tailConfigSchema.parse(env);
  if (config.AUDITLENS_TAIL.length === 0) return;
  const cluster = config.AUDITLENS_CLUSTER ?? DEFAULT_CLUSTER;
  manager.followers = config.AUDITLENS_TAIL.map((file) => new FileFollower(target, file, liveRun(target, "tail", cluster, file)));
  const tick = () => {
    for (const f of manager.followers) void f.poll();
  };
  tick();
  manager.timer = setInterval(tick, POLL_MS);
  manager.timer.unref();
}

/** Stops polling and waits for each file's current delivery, whose position is then saved. */
export async function stopTailing(): Promise<void> {
  if (manager.timer) clearInterval(manager.timer);
  manager.timer = null;
  await Promise.all(manager.followers.map((f) => f.stop()));
}

/** Whether every file named in AUDITLENS_TAIL is being followed (true when none is named). */
export function tailRunning(env: NodeJS.ProcessEnv = process.env): boolean {
  return manager.timer !== null || tailConfigSchema.parse(env).AUDITLENS_TAIL.length === 0;
}

export function tailStatuses(): FollowerStatus[] {
  return manager.followers.map((f) => ({ ...f.status }));
}
