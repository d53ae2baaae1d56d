import { migration0001 } from "./0001_init";
import { migration0002 } from "./0002_filter_indexes";

export type Migration = { version: number; name: string; sql: string };

/** Applied in order on open; each runs once, inside a transaction, and bumps PRAGMA user_version. */
export const migrations: Migration[] = [migration0001, migration0002];
