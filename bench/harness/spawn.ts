import { spawn, type SpawnOptions } from "node:child_process";
import { TreeMemorySampler, canSampleMemory, type MemoryPeak } from "./process-memory";

export type Finished = {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From spawn to exit, in seconds. */
  seconds: number;
  stdout: string;
  /** The last few KB only: enough for an error message, not the whole progress stream. */
  stderrTail: string;
  memory: MemoryPeak | null;
};

const TAIL = 4096;

/**
 * Runs a command to completion, timing it from spawn to exit and (on Linux) sampling its process tree's
 * memory. stdout is kept whole (commands here print short summaries); stderr only its tail.
 */
export function runTimed(command: string, args: string[], options: SpawnOptions & { sampleMemory?: boolean } = {}): Promise<Finished> {
  const { sampleMemory = false, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...spawnOptions, stdio: ["ignore", "pipe", "pipe"] });
    const sampler = sampleMemory && canSampleMemory() && child.pid ? new TreeMemorySampler(child.pid).start() : null;
    let stdout = "";
    let stderrTail = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderrTail = (stderrTail + d).slice(-TAIL)));
    child.on("error", (err) => {
      sampler?.stop();
      reject(err);
    });
    child.on("close", (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      resolve({ code, signal, seconds, stdout, stderrTail, memory: sampler?.stop() ?? null });
    });
  });
}

export function describeFailure(what: string, f: Finished): Error {
  const status = f.signal ? `signal ${f.signal}` : `exit code ${f.code}`;
  return new Error(`${what} failed (${status})\n${f.stderrTail.trim()}`);
}
