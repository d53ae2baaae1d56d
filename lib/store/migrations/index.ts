import { migration0001 } from "./0001_init";

export type Migration = { version: number; name: string; sql: string };

/** Applied in order on open; each runs once, inside a transaction, and bumps PRAGMA user_version. */
export const migrations: Migration[] = [migration0001];
