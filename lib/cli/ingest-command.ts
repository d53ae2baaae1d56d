import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { zodMessage } from "@/lib/http/json";
import { clusterNameSchema, DEFAULT_CLUSTER } from "@/lib/ingest/options";
import { noEventsWarning } from "@/lib/ingest/no-events";
import { IngestError, ingestStream, type IngestInput } from "@/lib/ingest/pipeline";
import type { RunSummary } from "@/lib/store/types";
import { ingestTarget } from "@/lib/store/index-ingest";
import { ProgressLine, type ProgressOutput } from "./progress";
import { formatRunSummary, progressLine } from "./report";
import { stderrTerminal, type Terminal } from "./terminal";

const USAGE = `usage: auditlens ingest [--cluster NAME] [--db FILE] <file…>   (- reads standard input)
Reads Kubernetes audit logs (JSON lines, EventList, arrays, YAML events, EKS/AKS/Fluent Bit/GKE exports;
plain or gzip) into the Auditlens store.
  -c, --cluster NAME   the cluster the events are stored under (default "default")
      --db FILE        the store (default AUDITLENS_DB, else ./data/auditlens.db)
  -h, --help           this help
A progress line is drawn on standard error when it is a terminal; each file's summary goes to standard
output. Exit status: 0, 1 when a file failed, 2 for bad arguments.`;

/** Where the command writes, and whether standard error is a terminal; the process's own by default. */
export type CommandIo = { stdout: ProgressOutput; stderr: ProgressOutput; terminal: Terminal };

const processIo = (): CommandIo => ({ stdout: process.stdout, stderr: process.stderr, terminal: stderrTerminal() });

/** `auditlens ingest`: the same pipeline as the browser upload, with a progress line and the run summary. */
export async function ingestCommand(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const { stdout, stderr } = io;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { cluster: { type: "string", short: "c" }, db: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (err) {
    stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    stderr.write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  const cluster = clusterNameSchema.safeParse(parsed.values.cluster ?? DEFAULT_CLUSTER);
  if (!cluster.success) {
    stderr.write(`auditlens: ${zodMessage(cluster.error)}\n`);
    return 2;
  }
  if (parsed.values.db) process.env.AUDITLENS_DB = parsed.values.db;
  const store = ingestTarget();
  stderr.write(`store: ${store.address.file}\n`);

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
      stderr.write(`${name}: ${(err as Error).message}\n`);
      failures++;
      continue;
    }
    const started = Date.now();
    let lastPrint = 0;
    const progress = new ProgressLine(stderr, io.terminal);
    const onProgress = (bytes: number, s: RunSummary) => {
      if (Date.now() - lastPrint < 250) return;
      lastPrint = Date.now();
      progress.draw(progressLine(name, bytes, total, s, Date.now() - started));
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
      await progress.end();
      stdout.write(`${formatRunSummary(name, summary, Date.now() - started, noEventsWarning(summary))}\n`);
    } catch (err) {
      await progress.end();
      failures++;
      if (err instanceof IngestError) {
        stdout.write(`${formatRunSummary(name, err.summary, Date.now() - started)}\n`);
        stderr.write(`${name}: stopped early: ${err.message} (everything before it is stored)\n`);
      } else {
        stderr.write(`${name}: ${(err as Error).message}\n`);
      }
    }
  }
  return failures > 0 ? 1 : 0;
}
