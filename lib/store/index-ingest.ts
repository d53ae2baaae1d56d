import "server-only";
import type { IngestTarget, OwnIngestTarget, StoreAddress } from "./ingest-target";
import { ingestDb } from "./sqlite/db";
import { openSqliteIngestTarget, sqliteIngestTarget } from "./sqlite/ingest-target";

/**
 * The process-wide ingest target: the store named by AUDITLENS_DB (default ./data/auditlens.db), written
 * through the connection every source of this process shares (uploads, the webhook, the tailed files, the CLI).
 */
export function ingestTarget(): IngestTarget {
  return sqliteIngestTarget(ingestDb());
}

/** A target of its own on the store at `address`, for a thread that has none (an upload's writer). */
export function openIngestTarget(address: StoreAddress): OwnIngestTarget {
  switch (address.backend) {
    case "sqlite":
      return openSqliteIngestTarget(address.file);
  }
}
