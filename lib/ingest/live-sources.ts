import "server-only";
import { ingestDb } from "@/lib/store/db";
import { markInterruptedRuns } from "@/lib/store/runs";
import { startTailing, tailStatuses } from "./tail/tail-manager";
import type { FollowerStatus } from "./tail/file-follower";
import { uploadLimits } from "./upload-limits";
import { webhookStatus, type WebhookStatus } from "./webhook";

/** Called once when the server starts (instrumentation.ts): begins following AUDITLENS_TAIL. */
export function startLiveSources(): void {
  // An invalid upload limit stops the start with its name, rather than failing every upload later.
  uploadLimits();
  // Before any run of this process starts: what a previous one left running is marked interrupted.
  markInterruptedRuns(ingestDb());
  startTailing(ingestDb());
}

/** `observedAt` (ms since the epoch) is when the status was read, so lags are computed against one instant. */
export type SourcesStatus = { tail: FollowerStatus[]; webhook: WebhookStatus; cluster: string; observedAt: number };

export function sourcesStatus(): SourcesStatus {
  return { tail: tailStatuses(), webhook: webhookStatus(), cluster: process.env.AUDITLENS_CLUSTER || "default", observedAt: Date.now() };
}
