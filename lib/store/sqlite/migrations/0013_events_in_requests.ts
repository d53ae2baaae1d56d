/**
 * Stage events move from their own table (one row and one index entry each) into their request's row,
 * packed by stage-events.ts; pack_stage_events (sql-functions.ts) packs a request's rows in arrival order.
 */
export const migration0013 = {
  version: 13,
  name: "events_in_requests",
  sql: `
ALTER TABLE requests ADD COLUMN events BLOB;
UPDATE requests SET events = p.events FROM (
  SELECT request_id, pack_stage_events(stage, stage_ts, hash, run_id, block_id, byte_offset, byte_length, flags ORDER BY id) AS events
  FROM events GROUP BY request_id
) p WHERE p.request_id = requests.id;
DROP TABLE events;
`,
};
