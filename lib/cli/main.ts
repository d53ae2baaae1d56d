import { isMainThread, Worker } from "node:worker_threads";
import { CLI_WRITER_LIMITS } from "@/lib/ingest/worker/limits";
import { stderrTerminalHere } from "./terminal";

// Evaluated only in the thread that runs the command: the launching thread skips their module bodies.
const commands: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  ingest: async () => (await import("./ingest-command")).ingestCommand,
  user: async () => (await import("./user-command")).userCommand,
  redact: async () => (await import("./redact-command")).redactCommand,
  compact: async () => (await import("./compact-command")).compactCommand,
  findings: async () => (await import("./findings-command")).findingsCommand,
};

// Commands that write to the store run in a worker with an ingest writer's heap caps; the others need none.
const IN_WORKER = new Set(["ingest", "redact", "findings"]);

function runHere(): void {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write("usage: auditlens ingest [--cluster NAME] [--db FILE] <file…|->\n       auditlens redact [--db FILE]\n       auditlens compact [--db FILE]\n       auditlens findings recompute [--db FILE]\n       auditlens user hash\n(auditlens --help says more)\n");
    process.exitCode = 2;
    return;
  }
  command()
    .then((run) => run(rest))
    .then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`auditlens: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

/** Runs this same entry in a worker thread with an ingest writer's heap caps; its exit code becomes the process's. */
function runInWorker(): void {
  const args = process.argv.slice(2);
  const readsStdin = args.includes("-");
  // The worker's stderr is a pipe to this thread: whether ours is a terminal travels with it (terminal.ts).
  const worker = new Worker(new URL(import.meta.url), {
    argv: args,
    stdin: readsStdin,
    resourceLimits: CLI_WRITER_LIMITS,
    workerData: { stderr: stderrTerminalHere() },
  });
  if (readsStdin && worker.stdin) process.stdin.pipe(worker.stdin);
  worker.on("error", (err: Error & { code?: string }) => {
    const what = err.code === "ERR_WORKER_OUT_OF_MEMORY" ? `out of memory (heap capped at ${CLI_WRITER_LIMITS.maxOldGenerationSizeMb} MB)` : (err.stack ?? err.message);
    process.stderr.write(`auditlens: ${what}\n`);
    process.exitCode = 1;
  });
  worker.on("exit", (code) => {
    if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = code;
    if (readsStdin) process.stdin.destroy();
  });
}

// The esbuild bundle (scripts/cli-bundle.mjs) can start itself as a worker; TypeScript sources under tsx cannot.
if (isMainThread && !import.meta.url.endsWith(".ts") && IN_WORKER.has(process.argv[2] ?? "")) runInWorker();
else runHere();
