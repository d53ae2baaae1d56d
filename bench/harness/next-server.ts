import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { ROOT } from "./paths";
import { describeFailure, runTimed } from "./spawn";

const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const START_SCRIPT = path.join(ROOT, "scripts", "start.mjs");

/** next.config.js reads NEXT_DIST_DIR too: parallel checkouts and test runs keep separate builds. */
export function distDir(): string {
  return path.join(ROOT, process.env.NEXT_DIST_DIR || ".next");
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** True when app/, lib/ or components/ changed after the build: its HTTP figures would be of older code. */
export function buildIsStale(): boolean {
  const built = fs.statSync(path.join(distDir(), "BUILD_ID")).mtimeMs;
  return ["app", "lib", "components"].some((d) => fs.existsSync(path.join(ROOT, d)) && newestMtime(path.join(ROOT, d)) > built);
}

/** `next build` when there is no production build yet (or when asked to rebuild). */
export async function ensureBuild(rebuild: boolean): Promise<{ built: boolean; seconds: number; stale: boolean }> {
  if (!rebuild && fs.existsSync(path.join(distDir(), "BUILD_ID"))) return { built: false, seconds: 0, stale: buildIsStale() };
  process.stderr.write(`next build (into ${path.relative(ROOT, distDir())}) …\n`);
  const done = await runTimed(process.execPath, [NEXT_BIN, "build"], { cwd: ROOT });
  if (done.code !== 0) throw describeFailure("next build", done);
  return { built: true, seconds: done.seconds, stale: false };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

/** 3300–3399: kept apart from the dev server (3000) and the e2e servers. */
export async function freePort(from = 3300, to = 3399): Promise<number> {
  for (let p = from; p <= to; p++) if (await portIsFree(p)) return p;
  throw new Error(`no free port in ${from}–${to}`);
}

export type NextServer = {
  url: string;
  pid: number;
  /** The last few KB the server printed, for error messages. */
  output: () => string;
  stop: () => Promise<void>;
};

async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server (scripts/start.mjs) exited (code ${child.exitCode})\n${output()}`);
    try {
      const res = await fetch(`${url}/api/v1/summary`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server (scripts/start.mjs) did not answer ${url}/api/v1/summary within ${timeoutMs / 1000} s\n${output()}`);
}

/**
 * The production server on a fresh store. Started in its own process group so that stopping it ends any
 * worker it forked, and only those.
 */
export async function startServer(store: string): Promise<NextServer> {
  const port = await freePort();
  // As `npm start` serves (scripts/start.mjs), which is not quite `next start`: see request-timeout.mjs.
  const child = spawn(process.execPath, [START_SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, AUDITLENS_DB: store, NODE_ENV: "production", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4096));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone between the two
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(url, child, 60_000, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid!, output: () => output, stop };
}
