import { hash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import { BrotliBlocks } from "./brotli-blocks";
import { handOff } from "./hand-off";
import { LineReader } from "./line-reader";
import { groupIntoRequests, rowFields, type ParsedEvent, type RowFields } from "./row-fields";
import { StepClock, type StepTime } from "./step-clock";

/** The steps measureEventSteps times, by what ceiling.ts calls them. */
export const EVENT_STEP = {
  read: "read, split and decode lines",
  parse: "JSON.parse",
  hash: "content hash (SHA-1) of the bytes, for deduplication",
  brotli1: "compress into blocks, Brotli quality 1",
  brotli3: "compress into blocks, Brotli quality 3 (the store's)",
  pick: "pick a row's fields from the event",
  handOffClone: "hand the fields to another thread: structured clone",
  handOffColumns: "hand the fields to another thread: columns + string table",
  group: "group a read's stage events into requests",
} as const;

export type EventSteps = {
  steps: StepTime[];
  events: number;
  bytes: number;
  /** Compressed size / raw size, per Brotli quality measured. */
  compressedShare: { q1: number; q3: number };
};

/**
 * Times each step of the per-event work before a store sees a row, over the first `maxEvents` lines
 * of `file`, a 1 MiB read at a time as the ingest reads. Nothing outlives its read, so each step's
 * garbage dies young, as it does in a pipeline, instead of loading later steps with old-generation
 * collections.
 */
export function measureEventSteps(file: string, maxEvents: number): EventSteps {
  const clock = new StepClock();
  const q1 = new BrotliBlocks(1);
  const q3 = new BrotliBlocks(3);
  const reader = new LineReader(file, maxEvents);
  let events = 0;
  try {
    for (let read = clock.time(EVENT_STEP.read, () => reader.next()); read; read = clock.time(EVENT_STEP.read, () => reader.next())) {
      const { lines, spans, chunk } = read;
      events += lines.length;
      const parsed = clock.time(EVENT_STEP.parse, () => lines.map((line) => JSON.parse(line) as ParsedEvent));
      clock.time(EVENT_STEP.hash, () => {
        for (let i = 0; i < spans.length; i += 2) hash("sha1", chunk.subarray(spans[i], spans[i + 1]), "buffer");
      });
      clock.time(EVENT_STEP.brotli1, () => {
        for (let i = 0; i < spans.length; i += 2) q1.add(chunk.subarray(spans[i], spans[i + 1]));
      });
      clock.time(EVENT_STEP.brotli3, () => {
        for (let i = 0; i < spans.length; i += 2) q3.add(chunk.subarray(spans[i], spans[i + 1]));
      });
      const fields = clock.time(EVENT_STEP.pick, () => parsed.map(rowFields));
      // Two ways to send them: the bounds take the cheaper.
      clock.time(EVENT_STEP.handOffClone, () => deserialize(serialize(fields)) as RowFields[]);
      const moved = clock.time(EVENT_STEP.handOffColumns, () => handOff(fields));
      clock.time(EVENT_STEP.group, () => groupIntoRequests(moved));
    }
    clock.time(EVENT_STEP.brotli1, () => q1.seal());
    clock.time(EVENT_STEP.brotli3, () => q3.seal());
  } finally {
    reader.close();
  }
  const bytes = reader.bytes;
  return {
    steps: clock.perEvent(events),
    events,
    bytes,
    compressedShare: { q1: q1.compressedBytes / Math.max(1, bytes), q3: q3.compressedBytes / Math.max(1, bytes) },
  };
}
