import { hash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import { BrotliBlocks } from "./brotli-blocks";
import { handOff } from "./hand-off";
import { LineReader } from "./line-reader";
import { groupIntoRequests, parseRows, type RowFields } from "./row-fields";
import { StepClock, type StepTime } from "./step-clock";

/** The steps measureEventSteps times, by what ceiling.ts calls them. */
export const EVENT_STEP = {
  read: "read, split and decode lines",
  parse: "JSON.parse and pick a row's fields",
  hash: "content hash (SHA-1) of the bytes, for deduplication",
  brotli0: "compress into blocks, Brotli quality 0",
  brotli1: "compress into blocks, Brotli quality 1",
  brotli3: "compress into blocks, Brotli quality 3 (the store's)",
  group: "group a read's stage events into requests",
  handOffClone: "hand the requests to another thread: structured clone",
  handOffColumns: "hand the requests to another thread: columns + string table",
} as const;

const QUALITIES = [
  [0, EVENT_STEP.brotli0],
  [1, EVENT_STEP.brotli1],
  [3, EVENT_STEP.brotli3],
] as const;

export type EventSteps = {
  steps: StepTime[];
  /** Lines read; `skipped` of them were not audit events. */
  events: number;
  skipped: number;
  bytes: number;
  /** Compressed size / raw size, per Brotli quality measured. */
  compressedShare: Record<`q${(typeof QUALITIES)[number][0]}`, number>;
};

/**
 * Times each step of the per-event work before a store sees a row, over the first `maxEvents` lines
 * of `file`, a 1 MiB read at a time as the ingest reads. Each line is parsed and picked at once, so
 * no parsed event outlives its line, and nothing outlives its read: garbage dies young, as in a
 * pipeline, instead of loading later steps with old-generation collections.
 */
export function measureEventSteps(file: string, maxEvents: number): EventSteps {
  const clock = new StepClock();
  const blocks = QUALITIES.map(([quality, step]) => ({ quality, step, packer: new BrotliBlocks(quality) }));
  const reader = new LineReader(file, maxEvents);
  let events = 0;
  let skipped = 0;
  try {
    for (let read = clock.time(EVENT_STEP.read, () => reader.next()); read; read = clock.time(EVENT_STEP.read, () => reader.next())) {
      const { lines, spans, chunk } = read;
      events += lines.length;
      const rows = clock.time(EVENT_STEP.parse, () => parseRows(lines));
      skipped += lines.length - rows.length;
      clock.time(EVENT_STEP.hash, () => {
        for (let i = 0; i < spans.length; i += 2) hash("sha1", chunk.subarray(spans[i], spans[i + 1]), "buffer");
      });
      for (const { step, packer } of blocks) {
        clock.time(step, () => {
          for (let i = 0; i < spans.length; i += 2) packer.add(chunk.subarray(spans[i], spans[i + 1]));
        });
      }
      const requests = clock.time(EVENT_STEP.group, () => groupIntoRequests(rows));
      // Two ways to send them: the bounds take the cheaper.
      clock.time(EVENT_STEP.handOffClone, () => deserialize(serialize(requests)) as RowFields[]);
      clock.time(EVENT_STEP.handOffColumns, () => handOff(requests));
    }
    for (const { step, packer } of blocks) clock.time(step, () => packer.seal());
  } finally {
    reader.close();
  }
  const bytes = reader.bytes;
  const share = (quality: number) => blocks.find((b) => b.quality === quality)!.packer.compressedBytes / Math.max(1, bytes);
  return { steps: clock.perEvent(events), events, skipped, bytes, compressedShare: { q0: share(0), q1: share(1), q3: share(3) } };
}
