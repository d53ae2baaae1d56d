import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LiveRun } from "@/lib/ingest/live-run";
import { FileFollower } from "@/lib/ingest/tail/file-follower";
import type { Db } from "@/lib/store/sqlite/db";
import { summaryFrom } from "@/lib/store/sqlite/requests";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

const dirs: string[] = [];
const followers: FileFollower[] = [];
afterEach(async () => {
  for (const f of followers.splice(0)) await f.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function workdir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-tail-"));
  dirs.push(d);
  return d;
}

let seq = 0;
const events = (n: number) => jsonLines(Array.from({ length: n }, () => makeEvent({ auditID: `tail-${++seq}` })));

function follow(db: Db, file: string): FileFollower {
  const target = sqliteIngestTarget(db);
  const f = new FileFollower(target, file, new LiveRun(target, "tail", "default", file));
  followers.push(f);
  return f;
}

const stored = (db: Db) => summaryFrom(db).events;

describe("FileFollower", () => {
  it("reads the file, then what is appended", async () => {
    const { db } = tempDb();
    const file = path.join(workdir(), "audit.log");
    fs.writeFileSync(file, events(3));
    const f = follow(db, file);
    await f.poll();
    expect(stored(db)).toBe(3);
    fs.appendFileSync(file, events(2));
    await f.poll();
    expect(stored(db)).toBe(5);
    expect(f.status).toMatchObject({ state: "following", events: 5, added: 5 });
  });

  it("does not ingest a partial last line until it is complete", async () => {
    const { db } = tempDb();
    const file = path.join(workdir(), "audit.log");
    const line = events(1);
    fs.writeFileSync(file, events(1) + line.slice(0, 40));
    const f = follow(db, file);
    await f.poll();
    expect(stored(db)).toBe(1);
    expect(f.status.lastError).toBeNull();
    fs.appendFileSync(file, line.slice(40));
    await f.poll();
    expect(stored(db)).toBe(2);
    expect(f.status.events).toBe(2);
  });

  it("follows a rotation by rename: the old file is finished, the new one read from its start", async () => {
    const { db } = tempDb();
    const dir = workdir();
    const file = path.join(dir, "audit.log");
    fs.writeFileSync(file, events(2));
    const f = follow(db, file);
    await f.poll();
    fs.appendFileSync(file, events(1)); // written just before rotation, not yet polled
    fs.renameSync(file, path.join(dir, "audit-2024-09-11T14-16-32.059.log"));
    fs.writeFileSync(file, events(2));
    await f.poll();
    expect(stored(db)).toBe(5);
    expect(f.status.added).toBe(5);
  });

  it("follows copytruncate: a file that starts over is read again from 0", async () => {
    const { db } = tempDb();
    const file = path.join(workdir(), "audit.log");
    fs.writeFileSync(file, events(3));
    const f = follow(db, file);
    await f.poll();
    fs.copyFileSync(file, `${file}.1`);
    fs.truncateSync(file, 0);
    fs.appendFileSync(file, events(2));
    await f.poll();
    expect(stored(db)).toBe(5);
  });

  it("notices a truncated file that grew past the old offset before the next poll", async () => {
    const { db } = tempDb();
    const file = path.join(workdir(), "audit.log");
    fs.writeFileSync(file, events(1));
    const f = follow(db, file);
    await f.poll();
    fs.truncateSync(file, 0);
    fs.appendFileSync(file, events(3));
    await f.poll();
    expect(stored(db)).toBe(4);
  });

  it("resumes after a restart from where it stopped: nothing lost, nothing read twice", async () => {
    const { db } = tempDb();
    const file = path.join(workdir(), "audit.log");
    fs.writeFileSync(file, events(3));
    const first = follow(db, file);
    await first.poll();
    await first.close();
    fs.appendFileSync(file, events(2));
    const second = follow(db, file);
    await second.poll();
    expect(stored(db)).toBe(5);
    expect(second.status).toMatchObject({ events: 2, added: 2 });
  });

  it("resumes across a rotation that happened while it was stopped", async () => {
    const { db } = tempDb();
    const dir = workdir();
    const file = path.join(dir, "audit.log");
    fs.writeFileSync(file, events(2));
    const first = follow(db, file);
    await first.poll();
    await first.close();
    fs.appendFileSync(file, events(1));
    fs.renameSync(file, path.join(dir, "audit-2024-09-11T14-16-32.059.log"));
    fs.writeFileSync(file, events(2));
    const second = follow(db, file);
    await second.poll();
    expect(stored(db)).toBe(5);
    expect(second.status).toMatchObject({ events: 3, added: 3 });
  });

  it("waits for a missing file, reports it, and picks it up when it appears", async () => {
    const { db } = tempDb();
    const file = path.join(workdir(), "audit.log");
    const f = follow(db, file);
    await f.poll();
    expect(f.status.state).toBe("waiting");
    expect(f.status.lastError).toMatch(/does not exist/);
    fs.writeFileSync(file, events(2));
    await f.poll();
    expect(f.status.state).toBe("following");
    expect(stored(db)).toBe(2);
  });

  it("survives the file being deleted and recreated", async () => {
    const { db } = tempDb();
    const file = path.join(workdir(), "audit.log");
    fs.writeFileSync(file, events(2));
    const f = follow(db, file);
    await f.poll();
    fs.rmSync(file);
    await f.poll();
    expect(f.status.state).toBe("waiting");
    fs.writeFileSync(file, events(3));
    await f.poll();
    expect(stored(db)).toBe(5);
  });

  it("reports a deleted directory and a path that is not a file, and keeps retrying", async () => {
    const { db } = tempDb();
    const dir = workdir();
    const sub = path.join(dir, "logs");
    fs.mkdirSync(sub);
    const notAFile = follow(db, sub);
    await notAFile.poll();
    expect(notAFile.status).toMatchObject({ state: "error", lastError: expect.stringMatching(/not a regular file/) });
    const file = path.join(sub, "audit.log");
    fs.writeFileSync(file, events(1));
    const f = follow(db, file);
    await f.poll();
    fs.rmSync(sub, { recursive: true });
    await f.poll();
    expect(f.status.state).toBe("waiting");
    fs.mkdirSync(sub);
    fs.writeFileSync(file, events(1));
    await f.poll();
    expect(stored(db)).toBe(2);
  });

  it("stores lines appended as the same bytes again only once (at-least-once delivery is deduplicated)", async () => {
    const { db } = tempDb();
    const file = path.join(workdir(), "audit.log");
    const text = events(2);
    fs.writeFileSync(file, text);
    const f = follow(db, file);
    await f.poll();
    fs.appendFileSync(file, text);
    await f.poll();
    expect(stored(db)).toBe(2);
    expect(f.status).toMatchObject({ events: 4, added: 2 });
  });
});
