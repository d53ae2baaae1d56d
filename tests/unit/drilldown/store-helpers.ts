import type { AuditEvent } from "@/lib/audit/event";
import { normalizeEvent } from "@/lib/ingest/normalize";
import type { Db } from "@/lib/store/db";
import { createRun } from "@/lib/store/runs";
import { BatchWriter } from "@/lib/store/writer";

/** Writes events through the real writer, as an upload into `cluster` would. */
export function ingest(db: Db, events: AuditEvent[], cluster = "test"): void {
  const writer = new BatchWriter(db, cluster, createRun(db, "cli", "t.log", cluster));
  writer.write(
    events.map((e) => {
      const n = normalizeEvent(e, JSON.stringify(e));
      if (typeof n === "string") throw new Error(n);
      return n;
    }),
  );
}

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
