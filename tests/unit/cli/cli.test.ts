import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORKER_MIN_BYTES } from "@/lib/ingest/pipeline";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDir } from "../helpers/temp-dir";

const ROOT = path.resolve(__dirname, "../../..");
const CLI = path.join(ROOT, "scripts", "auditlens.mjs");

describe("auditlens CLI, as a user runs it (scripts/auditlens.mjs)", () => {
  it("ingests a file big enough for the parse worker, from its bundle, without falling back", () => {
    const dir = tempDir();
    const log = path.join(dir, "audit.log");
    // Bodies make each line ~5 KB, so a few thousand events pass the worker's threshold.
    const body = { metadata: { annotations: { note: "x".repeat(4000) } } };
    const events = Array.from({ length: Math.ceil(WORKER_MIN_BYTES / 4000) + 100 }, (_, i) =>
      makeEvent({ auditID: `cli-${i}`, level: "RequestResponse", requestObject: body }),
    );
    fs.writeFileSync(log, jsonLines(events));
    expect(fs.statSync(log).size).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
    const db = path.join(dir, "store.db");

    const run = spawnSync(process.execPath, [CLI, "ingest", "--db", db, "--cluster", "cli-test", log], { cwd: ROOT, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/parse worker failed/);
    expect(run.stdout).toMatch(new RegExp(`events ${events.length}\\s+added ${events.length}\\s+duplicates 0\\s+invalid 0\\s+requests ${events.length}`));
    const store = new Database(db, { readonly: true });
    try {
      expect(store.prepare("SELECT count(*) AS n FROM requests").get()).toEqual({ n: events.length });
    } finally {
      store.close();
    }
  });

  it("reads standard input for `-`, through its command thread, and fails on a file it cannot read", () => {
    const dir = tempDir();
    const db = path.join(dir, "store.db");
    const events = [makeEvent({ auditID: "stdin-1" }), makeEvent({ auditID: "stdin-2", verb: "delete" })];
    const run = spawnSync(process.execPath, [CLI, "ingest", "--db", db, "-"], { cwd: ROOT, encoding: "utf8", input: jsonLines(events) });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\(stdin\)[\s\S]*events 2\s+added 2\s+duplicates 0\s+invalid 0\s+requests 2/);

    const missing = spawnSync(process.execPath, [CLI, "ingest", "--db", db, path.join(dir, "absent.log")], { cwd: ROOT, encoding: "utf8" });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/absent\.log: ENOENT/);
  });

  it("prints its usage and fails for an unknown command", () => {
    const run = spawnSync(process.execPath, [CLI, "frobnicate"], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown command "frobnicate"\nusage: auditlens <command>/);
    for (const command of ["serve", "ingest", "user hash"]) expect(run.stderr).toContain(command);
  });
});
