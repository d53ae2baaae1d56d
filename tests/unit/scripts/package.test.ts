import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKER_MIN_BYTES } from "@/lib/ingest/pipeline";
import { CORPUS_DIR, corpusPresent, expectedCounts } from "../../support/corpus";
import { jsonLines, makeEvent } from "../helpers/events";

/**
 * What `npm pack` ships, as a user installs and runs it: scripts/container.sh build packs the clone (its
 * prepack builds dist/) and installs the tarball with `npm install -g --prefix` — the container image's
 * build step — then the installed `auditlens` serves, ingests and answers from its standalone build.
 * Minutes: a production build, and better-sqlite3 compiled for the install.
 */
const ROOT = path.resolve(__dirname, "../../..");
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const CORPUS_FILE = path.join(CORPUS_DIR, "audit2rbac-2017/demo.log");
const TOKEN = "package-test-access-token-0123456789";

let dir: string;
let prefix: string;
let bin: string;
let packageDir: string;
const servers: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** The environment a user's shell would give: none of this checkout's sign-in or store settings. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("AUDITLENS_") || ["HOST", "PORT", "NEXT_DIST_DIR"].includes(k)) delete env[k];
  return { ...env, PATH: `${path.join(prefix, "bin")}${path.delimiter}${process.env.PATH}`, ...extra };
}

type Server = { url: string; output: () => string };

/** Starts `command`, resolving once it answers `probe` with 200 or 401; rejects with its output if it exits first. */
async function start(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(command, args, { cwd, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
  servers.push(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    const status = await fetch(`${url}/api/v1/summary`).then((r) => r.status, () => 0);
    if (status === 200 || status === 401) return { url, output: () => output };
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-package-"));
  prefix = path.join(dir, "prefix");
  const build = spawnSync("sh", [path.join(ROOT, "scripts/container.sh"), "build", prefix], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) throw new Error(`container.sh build failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
  bin = path.join(prefix, "bin", "auditlens");
  packageDir = path.join(prefix, "lib", "node_modules", "auditlens");
}, 25 * 60_000);

afterAll(() => {
  for (const s of servers) s.kill("SIGTERM");
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the packed package, installed (npm pack; npm install -g)", () => {
  it("ships builds, not sources, and one command", () => {
    expect(fs.existsSync(path.join(packageDir, "dist/standalone/server.js"))).toBe(true);
    expect(fs.existsSync(path.join(packageDir, "dist/cli/main.mjs"))).toBe(true);
    // Of the sources, only the logger the start scripts load before Next.js.
    expect(fs.readdirSync(path.join(packageDir, "lib"), { recursive: true })).toEqual(["log", "log/logger.mjs"]);
    expect(fs.existsSync(path.join(packageDir, "app"))).toBe(false);
    // better-sqlite3 as installed for this machine, not the copy the build traced.
    expect(fs.existsSync(path.join(packageDir, "dist/standalone/node_modules/better-sqlite3"))).toBe(false);
    expect(fs.existsSync(path.join(packageDir, "node_modules/better-sqlite3/package.json"))).toBe(true);
    // The image's ENTRYPOINT and HEALTHCHECK run it directly.
    expect(() => fs.accessSync(path.join(packageDir, "scripts/container.sh"), fs.constants.X_OK)).not.toThrow();

    const env = cleanEnv({});
    expect(spawnSync(bin, ["--version"], { env, encoding: "utf8" }).stdout.trim()).toBe(VERSION);
    const help = spawnSync(bin, ["--help"], { env, encoding: "utf8" });
    expect(help.status).toBe(0);
    for (const command of ["serve", "ingest", "user hash"]) expect(help.stdout).toContain(command);
    const unknown = spawnSync(bin, ["bogus"], { env, encoding: "utf8" });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "bogus"');
  });

  it("refuses to serve beyond loopback without a sign-in method", () => {
    const run = spawnSync(bin, ["serve"], { env: cleanEnv({ HOST: "0.0.0.0", AUDITLENS_DB: path.join(dir, "refused.db") }), cwd: dir, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("refusing to listen on 0.0.0.0 without sign-in");
    expect(fs.existsSync(path.join(dir, "refused.db"))).toBe(false);
  });

  it("serves on loopback, takes an upload through its worker threads, and the CLI's ingest", async () => {
    const work = path.join(dir, "serve");
    fs.mkdirSync(work);
    const server = await start(bin, ["serve"], cleanEnv({ HOST: "127.0.0.1" }), work);
    // The store defaults to ./data where serve was started, not inside the installed package.
    expect(fs.existsSync(path.join(work, "data", "auditlens.db"))).toBe(true);

    // Past the size at which an upload is parsed and written on worker threads (their chunks in the standalone build).
    const body = { metadata: { annotations: { note: "x".repeat(4000) } } };
    const events = Array.from({ length: Math.ceil(WORKER_MIN_BYTES / 4000) + 100 }, (_, i) =>
      makeEvent({ auditID: `pkg-${i}`, level: "RequestResponse", requestObject: body }),
    );
    const log = jsonLines(events);
    expect(Buffer.byteLength(log)).toBeGreaterThan(WORKER_MIN_BYTES);
    const upload = await fetch(`${server.url}/api/v1/ingest?cluster=uploaded&filename=big.log`, {
      method: "POST",
      body: log,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(upload.status, await upload.clone().text()).toBe(200);
    expect(await upload.json()).toMatchObject({ added: events.length, invalid: 0, requests: events.length });
    expect(server.output()).not.toMatch(/worker failed to start/);

    let expected = events.length;
    if (corpusPresent) {
      const ingest = spawnSync(bin, ["ingest", "--cluster", "corpus", CORPUS_FILE], { cwd: work, env: cleanEnv({}), encoding: "utf8" });
      expect(ingest.status, ingest.stderr).toBe(0);
      expected += expectedCounts(CORPUS_FILE).requests;
    }
    const summary = (await (await fetch(`${server.url}/api/v1/summary`)).json()) as { requests: number; clusters: string[] };
    expect(summary.requests).toBe(expected);
    expect(summary.clusters).toEqual(corpusPresent ? ["corpus", "uploaded"] : ["uploaded"]);
  });

  it("container.sh start serves as the image does: every address, signed in with the access token", async () => {
    const store = path.join(dir, "container", "auditlens.db");
    const server = await start(
      "sh",
      [path.join(packageDir, "scripts/container.sh"), "start"],
      cleanEnv({ AUDITLENS_DB: store, AUDITLENS_ACCESS_TOKEN: TOKEN }),
      dir,
    );
    expect((await fetch(`${server.url}/api/v1/summary`)).status).toBe(401);
    const summary = await fetch(`${server.url}/api/v1/summary`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(summary.status).toBe(200);
    expect(await summary.json()).toMatchObject({ requests: 0 });
    expect(fs.existsSync(store)).toBe(true);
  });
});
