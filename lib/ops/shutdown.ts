import "server-only";
import type { Server } from "node:http";
import { log } from "@/lib/log/logger.mjs";
import { drainNotifications } from "@/lib/findings/notify/live";
import { stopLiveSources } from "@/lib/ingest/live-sources";
import { closeAuditStore } from "@/lib/store";
import { startDraining } from "./draining";

/** scripts/http-servers.mjs's key: the servers `npm start` listens with. */
const SERVERS_KEY = Symbol.for("auditlens.httpServers");

/**
 * How long requests already received may take to finish: within Kubernetes' default 30 s grace period,
 * leaving time for the rest. An upload still running then is cut off; it was not acknowledged, and its
 * run records what it stored.
 */
const REQUESTS_GRACE_MS = 20_000;
/** Then for the deliveries and uploads whose connections were cut to end their current batch. */
const BATCH_GRACE_MS = 5_000;
/** Then for the finding notifications still waiting (AUDITLENS_NOTIFY_URL): 29 s in all, at worst. */
const NOTIFY_GRACE_MS = 4_000;

function httpServers(): Server[] {
  return [...(((globalThis as Record<symbol, unknown>)[SERVERS_KEY] as Set<Server> | undefined) ?? [])];
}

/**
 * Stops accepting connections and waits for the requests in progress (webhook deliveries, uploads), up
 * to `graceMs`; then cuts what is left. Resolves true when every request finished by itself.
 */
function closeServer(server: Server, graceMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve(true);
    let finished = true;
    // Keep-alive connections between requests would hold close() open; they are closed as they go idle.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => {
      finished = false;
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve(finished);
    });
    server.closeIdleConnections();
  });
}

type Shutdown = { installed: boolean; running: Promise<void> | null };
const state: Shutdown = ((globalThis as { __auditlensShutdown?: Shutdown }).__auditlensShutdown ??= { installed: false, running: null });

/**
 * The server's shutdown: stop accepting, let the requests in progress finish (a webhook delivery is
 * answered only once stored), wait for the webhook queue and each tailed file's current batch (its
 * position is saved with it), end the live runs as done, send the finding notifications those batches
 * left waiting, close the store, exit 0.
 */
export async function shutdown(signal: string, exit: (code: number) => void = process.exit): Promise<void> {
  const started = Date.now();
  log.info("shutting down", { signal });
  startDraining();
  const finished = await Promise.all(httpServers().map((s) => closeServer(s, REQUESTS_GRACE_MS)));
  if (finished.includes(false)) log.warn("requests still running were cut off", { afterMs: REQUESTS_GRACE_MS });
  let code = 0;
  try {
    const { webhookIdle } = await stopLiveSources(BATCH_GRACE_MS);
    if (!webhookIdle) log.warn("webhook deliveries still being stored at exit; none of them was acknowledged");
    await drainNotifications(NOTIFY_GRACE_MS);
    closeAuditStore();
  } catch (err) {
    log.error("shutdown failed", { error: err instanceof Error ? err : String(err) });
    code = 1;
  }
  log.info("stopped", { signal, tookMs: Date.now() - started });
  exit(code);
}

/**
 * Handles SIGTERM and SIGINT when the process was started by `npm start` (scripts/http-servers.mjs set
 * NEXT_MANUAL_SIG_HANDLE); under `next dev` Next.js keeps its own handling.
 */
export function handleTermination(): void {
  if (state.installed || !process.env.NEXT_MANUAL_SIG_HANDLE) return;
  state.installed = true;
  const onSignal = (signal: NodeJS.Signals) => {
    state.running ??= shutdown(signal);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
