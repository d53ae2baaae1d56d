import os from "node:os";
import path from "node:path";

/** What scripts/e2e-server.mjs configures for the browser tests' server; both derive it from the port. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_TAIL_FILE = path.join(os.tmpdir(), `auditlens-e2e-${E2E_PORT}`, "tail", "audit.log");
/** The server's pid (Next runs in the scripts/start.mjs process), written by the script once it has started it. */
export const E2E_SERVER_PID_FILE = path.join(os.tmpdir(), `auditlens-e2e-${E2E_PORT}`, "server.pid");
export const E2E_WEBHOOK_TOKEN = "e2e-webhook-token";
