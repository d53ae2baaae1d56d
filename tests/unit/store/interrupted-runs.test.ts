import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { register } from "@/instrumentation";
import { closeDb, ingestDb } from "@/lib/store/sqlite/db";
import { createRun, listRunsFrom, markInterruptedRuns } from "@/lib/store/sqlite/runs";
import type { Db } from "@/lib/store/sqlite/db";
import { tempDb } from "../helpers/temp-db";

const children: { kill: () => boolean }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** A pid no process has any more. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

/** A pid of another process that is running (the CLI, say). */
function livePid(): number {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  children.push(child);
  return child.pid!;
}

/** A running run as `process` left it, its last heartbeat `ageMs` ago. */
function runOf(db: Db, owner: string | null, ageMs = 1000, startedMs = Date.now() - ageMs): number {
  const id = createRun(db, "tail", "/var/log/audit.log", "c");
  db.prepare("UPDATE runs SET process = ?, started_at = ?, heartbeat_at = ? WHERE id = ?").run(owner, startedMs * 1000, (Date.now() - ageMs) * 1000, id);
  return id;
}

const statusOf = (db: Db) => Object.fromEntries(listRunsFrom(db, 100).map((r) => [r.runId, r.status]));
const host = os.hostname();

describe("runs left running by a process that is gone", () => {
  it("are marked interrupted at start; runs another live process writes are not", () => {
    const { db } = tempDb();
    const killed = runOf(db, `${deadPid()}@${host}`);
    const previousSamePid = runOf(db, `${process.pid}@${host}`, 1000, Date.now() - process.uptime() * 1000 - 60_000);
    const cli = runOf(db, `${livePid()}@${host}`);
    const mine = createRun(db, "upload", "a.log", "c");
    const elsewhereRecent = runOf(db, `123@another-host`);
    const elsewhereSilent = runOf(db, `123@another-host`, 10 * 60_000);
    const beforeProcessesRecent = runOf(db, null);
    const done = runOf(db, `${deadPid()}@${host}`);
    db.prepare("UPDATE runs SET status = 'done' WHERE id = ?").run(done);

    expect(markInterruptedRuns(db)).toBe(3);
    expect(statusOf(db)).toEqual({
      [killed]: "interrupted",
      [previousSamePid]: "interrupted",
      [cli]: "running",
      [mine]: "running",
      [elsewhereRecent]: "running",
      [elsewhereSilent]: "interrupted",
      [beforeProcessesRecent]: "running",
      [done]: "done",
    });
    const run = listRunsFrom(db, 100).find((r) => r.runId === killed)!;
    expect(run.failure).toMatch(/^the process that wrote it \(pid \d+\) ended before it finished$/);
    expect(run.endedAt).not.toBeNull();
  });

  it("is what the server does when it starts (instrumentation.ts)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-register-"));
    const env = { ...process.env };
    try {
      Object.assign(process.env, { AUDITLENS_DB: path.join(dir, "store.db"), NEXT_RUNTIME: "nodejs" });
      delete process.env.AUDITLENS_TAIL;
      const killed = runOf(ingestDb(), `${deadPid()}@${host}`);
      await register();
      expect(statusOf(ingestDb())[killed]).toBe("interrupted");
    } finally {
      closeDb();
      process.env = env;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
