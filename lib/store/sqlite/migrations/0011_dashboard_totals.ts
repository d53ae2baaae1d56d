import { comboKeySql, FACET_COLUMNS, FACET_VALUE_SLOTS, TIMELINE_BUCKET_US } from "../combos";

const facetBackfill = Object.entries(FACET_COLUMNS)
  .map(([facet, columns]) => {
    const key = comboKeySql("request_combos", columns);
    const slots = FACET_VALUE_SLOTS.map((_, i) => columns[i] ?? "NULL").join(", ");
    return `INSERT INTO request_facet_counts (facet, key, a, b, c, n)
  SELECT '${facet}', ${key}, ${slots}, sum(n) FROM request_combos GROUP BY ${columns.join(", ")};`;
  })
  .join("\n");

/**
 * What the unfiltered dashboard reads (combos.ts): each breakdown's all-time counts, keyed by the
 * breakdown and comboKey of its values, and the chart's thinnest rollup.
 */
export const migration0011 = {
  version: 11,
  name: "dashboard_totals",
  sql: `
CREATE TABLE request_facet_counts (
  facet TEXT NOT NULL,
  key TEXT NOT NULL,
  a INTEGER,
  b INTEGER,
  c INTEGER,
  n INTEGER NOT NULL,
  PRIMARY KEY (facet, key)
) WITHOUT ROWID;
${facetBackfill}
CREATE TABLE request_bars (
  ts INTEGER NOT NULL,
  verb_id INTEGER,
  code INTEGER,
  n INTEGER NOT NULL
);
CREATE INDEX request_bars_by_key ON request_bars(ts, verb_id, code);
INSERT INTO request_bars (ts, verb_id, code, n)
  SELECT (ts / ${TIMELINE_BUCKET_US}) * ${TIMELINE_BUCKET_US}, verb_id, code, count(*) FROM requests GROUP BY 1, 2, 3;
`,
};
