import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { zodMessage } from "@/lib/http/json";
import { clusterNameSchema, DEFAULT_CLUSTER } from "@/lib/ingest/options";
import { IngestError, ingestStream, type IngestInput } from "@/lib/ingest/pipeline";
import type { RunSummary } from "@/lib/store/types";
import { ingestTarget } from "@/lib/store/index-ingest";
import { formatRunSummary, progressLine } from "./report";

const USAGE = `usage: auditlens ingest [--cluster NAME] [--db FILE] <file…>   (- reads standard input)
Reads Kubernetes audit logs (JSON lines, EventList, arrays, EKS/AKS/Fluent Bit/GKE exports; plain or gzip)
into the Auditlens store (default ./data/auditlens.db, or AUDITLENS_DB).`;

/** `auditlens ingest`: the same pipeline as the browser upload, with a progress line and the run summary. */
export async function ingestCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { cluster: { type: "string", short: "c" }, db: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  const cluster = clusterNameSchema.safeParse(parsed.values.cluster ?? DEFAULT_CLUSTER);
  if (!cluster.success) {
    process.stderr.write(`auditlens: ${zodMessage(cluster.error)}\n`);
    return 2;
  }
  if (parsed.values.db) process.env.AUDITLENS_DB = parsed.values.db;
  const store = ingestTarget();
  process.stderr.write(`store: ${store.address.file}\n`);

  let failures = 0;
  for (const file of parsed.positionals) {
    const name = file === "-" ? "(stdin)" : file;
    let total: number | null = null;
    let input: IngestInput;
    try {
      if (file === "-") input = process.stdin as AsyncIterable<Uint8Array>;
      else {
        total = fs.statSync(file).size;
        // By path: a parse worker then reads it by itself, never waiting for this thread to feed it.
        input = { file };
      }
    } catch (err) {
      process.stderr.write(`${name}: ${(err as Error).message}\n`);
      failures++;
      continue;
    }
    const started = Date.now();
    let lastPrint = 0;
    const onProgress = (bytes: number, s: RunSummary) => {
      if (Date.now() - lastPrint < 250) return;
      lastPrint = Date.now();
      process.stderr.write(`\r${progressLine(name, bytes, total, s, Date.now() - started)}`);
    };
    try {
      const summary = await ingestStream(store, input, {
        cluster: cluster.data,
        source: "cli",
        filename: file === "-" ? null : path.basename(file),
        // A pipe has no size; what people pipe into the CLI is big (zcat of rotated logs).
        expectedBytes: total ?? Number.POSITIVE_INFINITY,
        onProgress,
      });
      if (lastPrint) process.stderr.write("\n");
      process.stdout.write(`${formatRunSummary(name, summary, Date.now() - started)}\n`);
    } catch (err) {
      if (lastPrint) process.stderr.write("\n");
      failures++;
      if (err instanceof IngestError) {
        process.stdout.write(`${formatRunSummary(name, err.summary, Date.now() - started)}\n`);
        process.stderr.write(`${name}: stopped early: ${err.message} (everything before it is stored)\n`);
      } else {
        process.stderr.write(`${name}: ${(err as Error).message}\n`);
      }
    }
  }
  return failures > 0 ? 1 : 0;
}
