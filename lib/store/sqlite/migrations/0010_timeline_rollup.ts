/**
 * The timeline's rollup (combos.ts): requests per 10 minutes by verb, code and user. The bucket is
 * TIMELINE_BUCKET_US as it was when this shipped, written out, like 0007's columns.
 */
export const migration0010 = {
  version: 10,
  name: "timeline_rollup",
  sql: `
CREATE TABLE request_timeline (
  ts INTEGER NOT NULL,
  verb_id INTEGER,
  code INTEGER,
  user_id INTEGER,
  n INTEGER NOT NULL
);
CREATE INDEX request_timeline_by_key ON request_timeline(ts, verb_id, code, user_id);
INSERT INTO request_timeline (ts, verb_id, code, user_id, n)
  SELECT (ts / 600000000) * 600000000, verb_id, code, user_id, count(*) FROM requests GROUP BY 1, 2, 3, 4;
`,
};
