import { COMBO_COLUMNS, comboKeySql, ROLLUP_BUCKET_US } from "../combos";

const columns = COMBO_COLUMNS.join(", ");

/**
 * Rollups for the dashboard (see combos.ts): every request points at its combination of breakdown
 * columns; request_combos counts requests per combination over all time and request_rollup per minute.
 * An unbounded dashboard then sums a few thousand combinations instead of scanning every request, and a
 * time range sums the minutes it covers whole, reading only its partial first and last minute from
 * requests. The writer keeps both in step with requests, batch by batch.
 */
export const migration0007 = {
  version: 7,
  name: "rollups",
  sql: `
CREATE TABLE request_combos (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  ${COMBO_COLUMNS.map((c) => `${c} INTEGER`).join(",\n  ")},
  n INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE request_rollup (
  ts INTEGER NOT NULL,
  combo_id INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (ts, combo_id)
) WITHOUT ROWID;
ALTER TABLE requests ADD COLUMN combo_id INTEGER;

INSERT INTO request_combos (key, ${columns}, n)
  SELECT ${comboKeySql("r")}, ${columns}, count(*) FROM requests r GROUP BY ${columns};
UPDATE requests SET combo_id = (SELECT c.id FROM request_combos c WHERE c.key = ${comboKeySql("requests")});
INSERT INTO request_rollup (ts, combo_id, n)
  SELECT (ts / ${ROLLUP_BUCKET_US}) * ${ROLLUP_BUCKET_US}, combo_id, count(*) FROM requests GROUP BY 1, 2;
`,
};
