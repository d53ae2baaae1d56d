import "server-only";
import { log } from "@/lib/log/logger.mjs";
import { liveSourcesRunning } from "@/lib/ingest/live-sources";
import { auditStore } from "@/lib/store";
import { draining } from "./draining";

export const READINESS_CHECKS = ["store-writable", "migrations", "live-sources", "not-shutting-down"] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];
export type Readiness = { ready: boolean; checks: Record<ReadinessCheck, "pass" | "fail"> };

type Last = { failing: string | null };
const last: Last = ((globalThis as { __auditlensReadiness?: Last }).__auditlensReadiness ??= { failing: null });

/**
 * Whether this Auditlens should be sent traffic: its store opens, takes writes and has every migration,
 * the live sources (AUDITLENS_TAIL) were started, and it is not shutting down. A tailed file that cannot
 * be read does not count against it: the follower retries, and the Sources page, served by this same
 * process, is where that error is shown. The answer names the checks only; why one failed goes to the log.
 */
export async function readiness(): Promise<Readiness> {
  let store = { writable: false, migrated: false };
  let storeError: string | undefined;
  try {
    store = await auditStore().health();
  } catch (err) {
    storeError = err instanceof Error ? err.message : String(err);
  }
  const pass = (ok: boolean) => (ok ? "pass" : "fail") as "pass" | "fail";
  const checks: Readiness["checks"] = {
    "store-writable": pass(store.writable),
    migrations: pass(store.migrated),
    "live-sources": pass(liveSourcesRunning()),
    "not-shutting-down": pass(!draining()),
  };
  const failing = READINESS_CHECKS.filter((c) => checks[c] === "fail").join(",") || null;
  // Probes come every few seconds: a change is logged, not each answer.
  if (failing !== last.failing) {
    if (failing) log.warn("not ready", { failing, error: storeError });
    else log.info("ready");
    last.failing = failing;
  }
  return { ready: failing === null, checks };
}
