import "server-only";
import type { IngestTarget, OwnIngestTarget, StoreAddress } from "./ingest-target";
import { openSqliteIngestTarget } from "./sqlite/ingest-target";
import { auditStore } from ".";

/**
 * The process-wide store's write side (AUDITLENS_DB, default ./data/auditlens.db), through the connection
 * every source of this process shares (uploads, the webhook, the tailed files, the CLI).
 */
export function ingestTarget(): IngestTarget {
  return auditStore().ingestTarget();
}

/** A target of its own on the store at `address`, for a thread that has none (an upload's writer). */
export function openIngestTarget(address: StoreAddress): OwnIngestTarget {
  switch (address.backend) {
    case "sqlite":
      return openSqliteIngestTarget(address.file);
  }
}
