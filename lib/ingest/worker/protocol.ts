import type { ParseProblem } from "../types";
import type { WireBatch } from "./wire";

/**
 * Input bytes handed to the worker whose events the writer has not taken yet (queued as input, or
 * parsed and waiting). Enough for the worker to keep parsing while the writer commits a batch, small
 * enough to bound memory whatever the file size.
 */
export const IN_FLIGHT_BYTES = 8 << 20;

/** Messages from the ingest pipeline to its parse worker. */
export type ToParser =
  | { type: "chunk"; data: Uint8Array }
  | { type: "end" }
  /** The input failed: the worker yields what it has read, then fails with this message. */
  | { type: "fail"; message: string };

/** Messages from the parse worker. */
export type FromParser =
  | { type: "ready" }
  | { type: "parsed"; consumedBytes: number; events: WireBatch; problems: ParseProblem[] }
  | { type: "done" }
  | { type: "failed"; message: string };
