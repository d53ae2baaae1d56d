import "server-only";
import { log } from "@/lib/log/logger.mjs";
import { ingestTarget } from "@/lib/store/index-ingest";
import { finishLiveRuns } from "./live-run";
import { startTailing, stopTailing, tailRunning, tailStatuses } from "./tail/tail-manager";
import type { FollowerStatus } from "./tail/file-follower";
import { uploadLimits } from "./upload-limits";
import { webhookIdle, webhookStatus, type WebhookStatus } from "./webhook";

type LiveSources = { started: boolean };
const state: LiveSources = ((globalThis as { __auditlensLiveSources?: LiveSources }).__auditlensLiveSources ??= { started: false });

/** Called once when the server starts (instrumentation.ts): begins following AUDITLENS_TAIL. */
export function startLiveSources(): void {
  // An invalid upload limit stops the start with its name, rather than failing every upload later.
  uploadLimits();
  const target = ingestTarget();
  // Before any run of this process starts: what a previous one left running is marked interrupted.
  target.markInterruptedRuns();
  startTailing(target);
  state.started = true;
  log.info("live sources started", { tailedFiles: tailStatuses().length, webhook: webhookStatus().enabled });
}

/** Whether the live sources were started and each configured file is being followed (readiness). */
export function liveSourcesRunning(): boolean {
  return state.started && tailRunning();
}

/**
 * At shutdown, once no new request can arrive: waits for the webhook deliveries being stored (up to
 * `webhookWaitMs`) and each tailed file's current delivery, then ends the live runs as done.
 */
export async function stopLiveSources(webhookWaitMs: number): Promise<{ webhookIdle: boolean }> {
  const [idle] = await Promise.all([webhookIdle(webhookWaitMs), stopTailing()]);
  finishLiveRuns();
  state.started = false;
  return { webhookIdle: idle };
}

/** `observedAt` (ms since the epoch) is when the status was read, so lags are computed against one instant. */
export type SourcesStatus = { tail: FollowerStatus[]; webhook: WebhookStatus; cluster: string; observedAt: number };

export function sourcesStatus(): SourcesStatus {
  return { tail: tailStatuses(), webhook: webhookStatus(), cluster: process.env.AUDITLENS_CLUSTER || "default", observedAt: Date.now() };
}
