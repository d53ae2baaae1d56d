import "server-only";
import { auditStore } from "@/lib/store";
import { applyRetention } from "./apply";
import { retentionEnabled, retentionSettings } from "./settings";
import type { RetentionPass, RetentionSettings, RetentionStatus } from "./types";

/** How often the server applies the policy: hourly keeps a day-granular policy within an hour of its word. */
export const RETENTION_INTERVAL_MINUTES = 60;
/** The first pass waits for the server to finish starting (and live sources to begin). */
const FIRST_PASS_MS = 60_000;

type State = { timer: NodeJS.Timeout | null; last: RetentionPass | null; lastError: string | null; queue: Promise<unknown> };
// Next.js dev reloads modules; one schedule and one queue per process.
const state: State = ((globalThis as { __auditlensRetention?: State }).__auditlensRetention ??= {
  timer: null,
  last: null,
  lastError: null,
  queue: Promise.resolve(),
});

/**
 * Runs deletions one at a time, in the order asked: retention, "delete before" and "delete run" each
 * take many short transactions, and two interleaved would each count the other's work.
 */
export function exclusively<T>(work: () => Promise<T>): Promise<T> {
  const run = state.queue.then(work, work);
  state.queue = run.catch(() => undefined);
  return run;
}

function readSettings(): { settings: RetentionSettings; error: string | null } {
  try {
    return { settings: retentionSettings(), error: null };
  } catch (err) {
    return { settings: { days: null, maxGb: null }, error: (err as Error).message };
  }
}

/** Applies the configured policy now, through the store's writer. */
export async function applyRetentionNow(trigger: RetentionPass["trigger"]): Promise<RetentionPass> {
  const { settings, error } = readSettings();
  if (error) throw new Error(error);
  try {
    const pass = await exclusively(() => applyRetention(auditStore(), settings, trigger));
    state.last = pass;
    state.lastError = null;
    return pass;
  } catch (err) {
    state.lastError = (err as Error).message;
    throw err;
  }
}

/** Called once when the server starts (instrumentation.ts): applies the policy now and then hourly. */
export function startRetention(): void {
  if (state.timer) return;
  const { settings, error } = readSettings();
  if (error) {
    console.error(`retention is off: ${error}`);
    return;
  }
  if (!retentionEnabled(settings)) return;
  const pass = () => {
    applyRetentionNow("schedule").catch((err: unknown) => console.error(`retention pass failed: ${(err as Error).message}`));
  };
  setTimeout(pass, FIRST_PASS_MS).unref();
  state.timer = setInterval(pass, RETENTION_INTERVAL_MINUTES * 60_000);
  state.timer.unref();
}

export function retentionStatus(): RetentionStatus {
  const { settings, error } = readSettings();
  return { settings, error, intervalMinutes: RETENTION_INTERVAL_MINUTES, last: state.last, lastError: state.lastError };
}
