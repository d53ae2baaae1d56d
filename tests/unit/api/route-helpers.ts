import { afterEach } from "vitest";
import { closeDb } from "@/lib/store/sqlite/db";
import { ingestEvents } from "../helpers/ingest-events";
import { tempDb } from "../helpers/temp-db";

afterEach(() => {
  // The route handlers' process-wide connections, before temp-db removes the file.
  closeDb();
  delete process.env.AUDITLENS_DB;
});

/** A real temp store the route handlers read (AUDITLENS_DB), holding `events` ingested as an upload would. */
export async function storeForRoutes(events: object[]) {
  const { db, file } = tempDb();
  await ingestEvents(db, events);
  process.env.AUDITLENS_DB = file;
  return db;
}

export const get = (path: string) => new Request(`http://auditlens.test${path}`);
