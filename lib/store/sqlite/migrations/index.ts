import { migration0001 } from "./0001_init";
import { migration0002 } from "./0002_filter_indexes";
import { migration0003 } from "./0003_fulltext";
import { migration0004 } from "./0004_latency_index";
import { migration0005 } from "./0005_views";
import { migration0006 } from "./0006_tail_positions";
import { migration0007 } from "./0007_rollups";
import { migration0008 } from "./0008_combo_index";
import { migration0009 } from "./0009_block_codec";
import { migration0010 } from "./0010_timeline_rollup";
import { migration0011 } from "./0011_dashboard_totals";
import { migration0012 } from "./0012_user_agent_text";
import { migration0013 } from "./0013_events_in_requests";
import { migration0014 } from "./0014_free_text_compact";
import { migration0015 } from "./0015_no_end_time";
import { migration0016 } from "./0016_slow_latency_index";
import { migration0017 } from "./0017_store_settings";
import { migration0018 } from "./0018_time_audit_key";
import { migration0019 } from "./0019_future_flag";
import { migration0020 } from "./0020_redact_salt";
import { migration0021 } from "./0021_canonical_content_hash";
import { migration0022 } from "./0022_deletions";
import { migration0023 } from "./0023_access";
import { migration0024 } from "./0024_run_process";
import { migration0025 } from "./0025_effective_user";
import { migration0026 } from "./0026_object_index";
import { migration0027 } from "./0027_unknown_latency";
import { migration0028 } from "./0028_findings";
import { migration0029 } from "./0029_finding_keys";
import type { Db } from "../db";

/**
 * `sql` is frozen when the migration ships, and so is everything it runs: it never imports today's
 * constants or code. `functions` registers the SQL functions `sql` calls (frozen copies, kept with the
 * migration); `rewrite`, run after `sql` in the same transaction, is for data only code can recompute
 * (content hashes over the stored events).
 */
export type Migration = { version: number; name: string; sql: string; functions?: (db: Db) => void; rewrite?: (db: Db) => void };

/** Applied in order on open; each runs once, inside a transaction, and bumps PRAGMA user_version. */
export const migrations: Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013, migration0014, migration0015, migration0016, migration0017, migration0018, migration0019, migration0020, migration0021, migration0022, migration0023, migration0024, migration0025, migration0026, migration0027, migration0028, migration0029];
