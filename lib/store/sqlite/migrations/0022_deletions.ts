/**
 * What deletions (retention, "delete before", deleting a run) need.
 *
 * runs.removed counts a run's events that a deletion has taken out since. Writers keep `added` as their
 * own running total and overwrite it, so what is gone is counted apart: the store's event total is the
 * sum of added - removed.
 *
 * block_candidates lists blocks that lost events, with the run that stored them: whether another event
 * still points into one is found by reading every request's event list, which is done apart from the
 * deletion (block-collector.ts) and only once that run has finished writing.
 */
export const migration0022 = {
  version: 22,
  name: "deletions",
  sql: `
ALTER TABLE runs ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
CREATE TABLE block_candidates (block_id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL) WITHOUT ROWID;
`,
};
