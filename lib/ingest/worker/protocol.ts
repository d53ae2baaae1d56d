import type { ParseProblem } from "../types";
import type { WireBatch } from "./wire";

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
