#!/usr/bin/env node
// Serves the production build on a fresh, empty store in a temp dir, for the browser tests, with a
// tailed file and the webhook enabled (paths and token as in tests/support/e2e-env.ts). With
// --signed-in, sign-in is on instead: the users and token of tests/support/e2e-signed-in.ts.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = process.argv[2] ?? "3100";
const signedIn = process.argv.includes("--signed-in");
const dir = path.join(os.tmpdir(), `auditlens-e2e-${port}`);
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(path.join(dir, "tail"), { recursive: true });

/** The users file's format (lib/auth/password.ts); the tests' passwords, hashed here rather than through the CLI's bundle. */
function hash(password) {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return `scrypt$ln=15,r=8,p=1$${salt.toString("base64")}$${key.toString("base64")}`;
}

function signInEnv() {
  const users = [
    { username: "ada", passwordHash: hash("ada-password"), role: "admin" },
    { username: "vic", passwordHash: hash("vic-password"), role: "viewer" },
    { username: "ivy", passwordHash: hash("ivy-password"), role: "ingester" },
    { username: "tam", passwordHash: hash("tam-password"), role: "viewer", scopes: [{ cluster: "e2e-scoped", namespaces: ["team-a"] }] },
  ];
  const file = path.join(dir, "users.json");
  fs.writeFileSync(file, JSON.stringify({ users }, null, 2));
  return { AUDITLENS_USERS_FILE: file, AUDITLENS_ACCESS_TOKEN: "e2e-access-token-0123456789abcdef" };
}
// Served as `npm start` serves (scripts/start.mjs), so the tests cover what users run.
const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: port,
    AUDITLENS_DB: path.join(dir, "auditlens.db"),
    AUDITLENS_TAIL: path.join(dir, "tail", "audit.log"),
    AUDITLENS_CLUSTER: "e2e-live",
    AUDITLENS_WEBHOOK_TOKEN: "e2e-webhook-token",
    HOST: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
    ...(signedIn ? signInEnv() : {}),
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
