import { rehashStoredEvents } from "../rehash";

/**
 * Stage events are deduplicated on their canonical content (lib/ingest/content-hash.ts), no longer on
 * their bytes: the webhook's items lack `kind`/`apiVersion`, so one event from the webhook and the
 * tailed log was stored twice. Stored hashes are recomputed from the stored events; copies stored twice
 * before stay (with their conflict flag), and the next one is recognised.
 */
export const migration0021 = {
  version: 21,
  name: "canonical_content_hash",
  sql: `INSERT OR IGNORE INTO store_settings (name, value) VALUES ('content_hash', 'canonical');`,
  rewrite: rehashStoredEvents,
};
