import type { AuditEvent } from "@/lib/audit/event";

export { writeEvents as ingest } from "../helpers/write-events";

/** An ISO timestamp `minutes` after a fixed start (fractions allowed). */
export function at(minutes: number): string {
  return new Date(Date.UTC(2024, 4, 10, 12, 0, 0) + Math.round(minutes * 60_000)).toISOString().replace("Z", "000Z");
}

export function timed(minutes: number, latencyMs = 5): Pick<AuditEvent, "requestReceivedTimestamp" | "stageTimestamp"> {
  const start = Date.UTC(2024, 4, 10, 12, 0, 0) + Math.round(minutes * 60_000);
  return {
    requestReceivedTimestamp: new Date(start).toISOString().replace("Z", "000Z"),
    stageTimestamp: new Date(start + latencyMs).toISOString().replace("Z", "000Z"),
  };
}
