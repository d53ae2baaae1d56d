import type { Db } from "../db";
import { encodeEventsV13, type EventV13 } from "./stage-events-v13";

/**
 * Stage events move from their own table (one row and one index entry each) into their request's row,
 * packed as stage-events-v13.ts says; pack_stage_events packs a request's rows in arrival order.
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
  functions: (db: Db) => {
    db.aggregate("pack_stage_events", {
      varargs: true,
      start: () => [] as EventV13[],
      step: (events: EventV13[], ...row: unknown[]) => {
        const [stage, stageUs, hash, runId, blockId, offset, length, flags] = row as number[];
        events.push({ stage: stage!, stageUs: stageUs!, hash: hash!, runId: runId!, blockId: blockId!, offset: offset!, length: length!, flags: flags! });
        return events;
      },
      result: (events: EventV13[]) => encodeEventsV13(events),
    });
  },
};
