import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORKER_MIN_BYTES } from "@/lib/ingest/pipeline";
import { jsonLines, makeEvent } from "../helpers/events";
import { secretEvents } from "../helpers/secret-events";
import { tempDir } from "../helpers/temp-dir";
import { openDb } from "@/lib/store/sqlite/db";
import { deleteBefore } from "@/lib/store/sqlite/deletion";
import { ingestEvents } from "../helpers/ingest-events";
import { fixtureRuleEnv, TRAFFIC } from "../store/findings-helpers";

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

  it("redacts a store written without redaction (`auditlens redact`) and prints what it did", () => {
    const dir = tempDir();
    const log = path.join(dir, "secrets.log");
    const events = Object.values(secretEvents());
    fs.writeFileSync(log, jsonLines(events));
    const db = path.join(dir, "store.db");
    const off = { ...process.env, AUDITLENS_REDACT: "off" };
    const ingest = spawnSync(process.execPath, [CLI, "ingest", "--db", db, log], { cwd: ROOT, encoding: "utf8", env: off });
    expect(ingest.status, ingest.stderr).toBe(0);

    const run = spawnSync(process.execPath, [CLI, "redact", "--db", db], { cwd: ROOT, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^redacted ${events.length} of ${events.length} events \\(${events.length} requests\\)`));
    expect(run.stdout).toMatch(/blocks rewritten \d+\s+removed \d+\s+bytes blanked [1-9]\d*/);
    const again = spawnSync(process.execPath, [CLI, "redact", "--db", db], { cwd: ROOT, encoding: "utf8" });
    expect(again.stdout).toMatch(/^redacted 0 of/);
    const bad = spawnSync(process.execPath, [CLI, "redact", "--db", db, "extra"], { cwd: ROOT, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/usage: auditlens redact/);
  });


  it("compacts a store: the space a deletion freed goes back to the disk, the requests left stay", async () => {
    const dir = tempDir();
    const file = path.join(dir, "store.db");
    const store = openDb(file);
    const events = Array.from({ length: 2000 }, (_, i) =>
      makeEvent({
        auditID: `compact-${i}`,
        requestReceivedTimestamp: new Date(Date.UTC(2024, 4, 1) + i * 60_000).toISOString(),
        responseStatus: { metadata: {}, code: 200, message: `request ${i} `.repeat(40) } as never,
      }),
    );
    await ingestEvents(store, events);
    await deleteBefore(store, Date.UTC(2024, 4, 1, 30) * 1000);
    store.pragma("wal_checkpoint(TRUNCATE)");
    store.close();
    const before = fs.statSync(file).size;

    const run = spawnSync(process.execPath, [CLI, "compact", "--db", file], { cwd: ROOT, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/compacted: .+ → .+ \(.+ given back\)/);
    expect(fs.statSync(file).size).toBeLessThan(before * 0.8);
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare("SELECT count(*) AS n FROM requests").get()).toEqual({ n: 200 });
    } finally {
      after.close();
    }
  });
  it("recomputes a store's findings with the rules as now configured (`auditlens findings recompute`)", async () => {
    const dir = tempDir();
    const file = path.join(dir, "store.db");
    const store = openDb(file);
    // Stored with the built-in rules; recomputed with the tests' own four only.
    await ingestEvents(store, TRAFFIC);
    store.close();
    const env = { ...process.env, ...fixtureRuleEnv() };
    const run = spawnSync(process.execPath, [CLI, "findings", "recompute", "--db", file], { cwd: ROOT, encoding: "utf8", env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^recomputed findings of ${TRAFFIC.length / 2} requests with 4 rules in [\\d.]+ s: 10 hits\n$`));
    const after = new Database(file, { readonly: true });
    try {
      const rules = after.prepare("SELECT DISTINCT fr.name FROM finding_hits h JOIN finding_rules fr ON fr.id = h.rule ORDER BY 1").pluck().all();
      expect(rules).toEqual(["test.create-then-exec", "test.denied-burst", "test.exec", "test.privileged"]);
    } finally {
      after.close();
    }
    const bad = spawnSync(process.execPath, [CLI, "findings", "--db", file], { cwd: ROOT, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/usage: auditlens findings recompute/);
  });

  it("prints its usage and fails for an unknown command", () => {
    const run = spawnSync(process.execPath, [CLI, "frobnicate"], { cwd: ROOT, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown command "frobnicate"\nusage: auditlens <command>/);
    for (const command of ["serve", "ingest", "redact", "compact", "findings recompute", "user hash"]) expect(run.stderr).toContain(command);
  });
});
