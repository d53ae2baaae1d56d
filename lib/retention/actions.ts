import "server-only";
import { auditStore } from "@/lib/store";
import { formatMicros, parseMicros } from "@/lib/time/micros";
import { applyRetentionNow, exclusively, retentionStatus } from "./scheduler";
import { retentionEnabled } from "./settings";
import type { DeletionCounts, RetentionPass, RetentionStatus, StoreInfo } from "./types";

export { RunInProgressError } from "@/lib/store";

/** Neither AUDITLENS_RETENTION_DAYS nor AUDITLENS_RETENTION_MAX_GB is set, or one is invalid. */
export class RetentionOffError extends Error {}

export type StoreStatus = { store: StoreInfo; retention: RetentionStatus };

/** The store's size and span and the retention policy, for the runs page and GET /api/v1/store. */
export async function storeStatus(): Promise<StoreStatus> {
  return { store: await auditStore().info(), retention: retentionStatus() };
}

/** Applies the configured policy now (POST /api/v1/retention with no `before`). */
export async function applyRetentionPolicy(): Promise<RetentionPass> {
  const status = retentionStatus();
  if (status.error) throw new RetentionOffError(`retention is off: ${status.error}`);
  if (!retentionEnabled(status.settings)) {
    throw new RetentionOffError("no retention policy: set AUDITLENS_RETENTION_DAYS or AUDITLENS_RETENTION_MAX_GB, or send {\"before\": ISO time}");
  }
  return applyRetentionNow("request");
}

/** Deletes every request received before `before` (an ISO time with offset), with its events. */
export async function deleteRequestsBefore(before: string): Promise<{ before: string; deleted: DeletionCounts }> {
  const us = parseMicros(before);
  const deleted = await exclusively(() => auditStore().maintenance.deleteBefore(us));
  return { before: formatMicros(us), deleted };
}

/** Deletes an ingest run and its events (deletion.ts says what happens to requests other runs share); null when there is none. */
export function deleteIngestRun(runId: number): Promise<DeletionCounts | null> {
  return exclusively(() => auditStore().maintenance.deleteRun(runId));
}
