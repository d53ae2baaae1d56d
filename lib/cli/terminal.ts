import { isMainThread, workerData } from "node:worker_threads";
import { z } from "zod";

/** Whether standard error is a terminal, and how wide: what a progress line needs to know. */
export type Terminal = { isTTY: boolean; columns: number | null };

const workerTerminalSchema = z.object({ stderr: z.object({ isTTY: z.boolean(), columns: z.number().nullable() }) });

/** This process's standard error, told to the command's worker thread (main.ts) through workerData. */
export function stderrTerminalHere(): Terminal {
  return { isTTY: process.stderr.isTTY === true, columns: process.stderr.columns ?? null };
}

/**
 * Standard error as the user sees it. In the command's worker thread process.stderr is a pipe to the
 * main thread, never a TTY, so the main thread's answer travels in workerData.
 */
export function stderrTerminal(): Terminal {
  if (isMainThread) return stderrTerminalHere();
  const passed = workerTerminalSchema.safeParse(workerData);
  return passed.success ? passed.data.stderr : { isTTY: false, columns: null };
}
