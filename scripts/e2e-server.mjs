#!/usr/bin/env node
// Serves the production build on a fresh, empty store in a temp dir, for the browser tests, with a
// tailed file and the webhook enabled (paths and token as in tests/support/e2e-env.ts).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = process.argv[2] ?? "3100";
const dir = path.join(os.tmpdir(), `auditlens-e2e-${port}`);
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(path.join(dir, "tail"), { recursive: true });
// Served as `npm start` serves (scripts/start.mjs), so the tests cover what users run.
const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs"), "-H", "127.0.0.1"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: port,
    AUDITLENS_DB: path.join(dir, "auditlens.db"),
    AUDITLENS_TAIL: path.join(dir, "tail", "audit.log"),
    AUDITLENS_CLUSTER: "e2e-live",
    AUDITLENS_WEBHOOK_TOKEN: "e2e-webhook-token",
  },
});
// The tests look at what the server process starts beside itself (tests/support/e2e-env.ts).
fs.writeFileSync(path.join(dir, "server.pid"), String(child.pid));
const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
const stop = () => {
  child.kill("SIGTERM");
  cleanUp();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => {
  cleanUp();
  process.exit(code ?? 0);
});
