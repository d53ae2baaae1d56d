import type { MessagePort } from "node:worker_threads";
import type { Redaction } from "../normalize";
import type { ParseProblem } from "../types";
import type { WireBatch } from "./wire";

/**
 * Input bytes handed to the worker whose events the writer has not taken yet (queued as input, or
 * parsed and waiting), when the writer's thread feeds it. That thread feeds only between transactions,
 * so the worker must hold enough input to keep parsing through one; small enough to bound memory
 * whatever the file size.
 */
export const IN_FLIGHT_BYTES = 8 << 20;

/**
 * The same bound when the worker reads a file itself, and so never waits for the writer's thread to
 * feed it: it then holds at most PARSE_AHEAD_BYTES of input unparsed (plus one read), and the rest is
 * parsed messages (about a quarter of their input's size), enough to run a whole batch ahead while
 * the writer commits.
 */
export const FILE_IN_FLIGHT_BYTES = 24 << 20;
export const PARSE_AHEAD_BYTES = 4 << 20;

/**
 * Parsed messages the writer has not taken yet, at most (~24 000 events: a batch and a bit). The byte
 * bounds above count input as it arrives, which for gzip is a tenth of the text it parses to.
 */
export const MAX_QUEUED_MESSAGES = 12;

/**
 * Bytes a file is read in. The complete lines of a read are decoded as one string and cut into slices,
 * which keep that string alive until the last of its events is parsed. One of 1 MiB is a large object,
 * allocated straight into the old generation: at ~40 MB/s of input V8 then ran a full collection every
 * ~100 ms (~10% of the parser's time at 1M requests, and ~30 MB more peak memory). One of 64 KiB lives and
 * dies in the young generation, as long as its text decodes to one byte a character (Latin-1), as audit
 * logs nearly always do.
 */
export const FILE_READ_BYTES = 64 << 10;

/** Messages from the ingest pipeline to its parse worker. */
export type ToParser =
  /** How to redact the events (the store's salt, or null when off); sent first, parsing waits for it. */
  | { type: "redaction"; redaction: Redaction }
  | { type: "chunk"; data: Uint8Array }
  | { type: "end" }
  /** The input failed: the worker yields what it has read, then fails with this message. */
  | { type: "fail"; message: string }
  /** Read this file instead of waiting for chunks. */
  | { type: "file"; path: string }
  /** The writer has taken one more message, and so the events of this much input. */
  | { type: "taken"; bytes: number }
  /**
   * Post the parsed batches, and how the input ended, to this port instead: a writer thread holds its
   * other end, and posts its `taken` there. The starter then hears only `progress`.
   */
  | { type: "output"; port: MessagePort };

/** Messages from the parse worker. */
export type FromParser =
  | { type: "ready" }
  | { type: "parsed"; consumedBytes: number; events: WireBatch; problems: ParseProblem[] }
  /** The input ended; all of it, `consumedBytes`, is parsed and posted. */
  | { type: "done"; consumedBytes: number }
  | { type: "failed"; message: string }
  /** With an `output` port: the input parsed and posted there so far. */
  | { type: "progress"; consumedBytes: number };
