/**
 * Events a run stored that a deletion (retention, "delete before", deleting another run) has taken out
 * since. Writers keep `added` as their own running total and overwrite it, so what is gone is counted
 * apart: the store's event total is the sum of added - removed.
 */
export const migration0022 = {
  version: 22,
  name: "run_removed_events",
  sql: `ALTER TABLE runs ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;`,
};
