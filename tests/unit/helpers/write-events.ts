import type { AuditEvent } from "@/lib/audit/event";
import { normalizeEvent } from "@/lib/ingest/normalize";
import type { Db } from "@/lib/store/sqlite/db";
import { createRun } from "@/lib/store/sqlite/runs";
import { BatchWriter } from "@/lib/store/sqlite/writer";

/** Writes events through the real writer in one batch, as an upload into `cluster` would. */
export function writeEvents(db: Db, events: AuditEvent[], cluster = "test"): void {
  const writer = new BatchWriter(db, cluster, createRun(db, "cli", "t.log", cluster));
  writer.write(
    events.map((e) => {
      const n = normalizeEvent(e, JSON.stringify(e));
      if (typeof n === "string") throw new Error(n);
      return n;
    }),
  );
}
