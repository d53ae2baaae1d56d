import { ingestStream } from "@/lib/ingest/pipeline";
import type { Db } from "@/lib/store/sqlite/db";
import { jsonLines } from "./events";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

/** Stores events through the real ingest pipeline, as an upload would. */
export async function ingestEvents(db: Db, events: object[], cluster = "default") {
  async function* source() {
    yield Buffer.from(jsonLines(events));
  }
  return ingestStream(sqliteIngestTarget(db), source(), { cluster, source: "cli", filename: "test.log" });
}
