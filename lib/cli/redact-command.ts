import type { RedactSummary } from "@/lib/store/rows";
import { storeFromArgs } from "./store-option";

const USAGE = `usage: auditlens redact [--db FILE]
Redacts credentials in the events an Auditlens store already holds (default ./data/auditlens.db, or
AUDITLENS_DB): Secret data, service-account tokens, TokenReview tokens, bearer tokens. Each value
becomes a salted hash, as new ingests store them; counts and requests stay. Safe to run again.`;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function formatRedactSummary(s: RedactSummary, elapsedMs: number): string {
  const lines = [
    `redacted ${s.redacted} of ${s.events} events (${s.requests} requests) in ${(elapsedMs / 1000).toFixed(2)} s`,
    `  blocks rewritten ${s.blocksRewritten}  removed ${s.blocksRemoved}  bytes blanked ${s.bytesBlanked}`,
    `  store file ${mb(s.fileBytesBefore)} → ${mb(s.fileBytesAfter)} (freed pages are zeroed; VACUUM gives them back)`,
  ];
  if (s.walBusy) lines.push("  the write-ahead log is still in use by another process: stop the server and run again to empty it");
  lines.push("  copies and backups of the store made before this still hold the values");
  return lines.join("\n");
}

/** `auditlens redact`: redacts an existing store in place and prints what it did. */
export async function redactCommand(argv: string[]): Promise<number> {
  const store = storeFromArgs(argv, USAGE);
  if (typeof store === "number") return store;
  const started = Date.now();
  const summary = await store.maintenance.redact();
  process.stdout.write(`${formatRedactSummary(summary, Date.now() - started)}\n`);
  return 0;
}
