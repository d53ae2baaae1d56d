import type { MessagePort } from "node:worker_threads";
import type { RunSummary } from "@/lib/store/types";
import type { RunSource, StoreAddress } from "@/lib/store/ingest-target";

/** What a writer thread needs to run one ingest (pipeline.ts IngestOptions, less the callbacks). */
export type IngestJob = {
  store: StoreAddress;
  cluster: string;
  source: RunSource;
  filename: string | null;
  expectedBytes: number | null;
  /** IngestOptions.recordClusters: false for an uploader scoped to some clusters. */
  recordClusters?: boolean;
};

/** Messages to an ingest's writer thread. */
export type ToWriter =
  /** Ingest what a parse worker posts to `parsed`. */
  | { type: "start"; job: IngestJob; parsed: MessagePort }
  /** The parse worker crashed: end the ingest with this message. */
  | { type: "fail"; message: string };

/** Messages from it. `failed` is an ingest that stopped early (IngestError); `crashed` anything else. */
export type FromWriter =
  | { type: "ready" }
  /** It has taken the parsed events of this much input. */
  | { type: "taken"; bytes: number }
  | { type: "done"; summary: RunSummary }
  | { type: "failed"; message: string; summary: RunSummary }
  | { type: "crashed"; message: string };
