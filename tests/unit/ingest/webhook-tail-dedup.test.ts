import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LiveRun } from "@/lib/ingest/live-run";
import { FileFollower } from "@/lib/ingest/tail/file-follower";
import { receiveWebhook, type WebhookConfig } from "@/lib/ingest/webhook";
import type { Db } from "@/lib/store/sqlite/db";
import { summaryFrom } from "@/lib/store/sqlite/requests";
import { CORPUS_DIR, corpusPresent } from "../../support/corpus";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

const config: WebhookConfig = { AUDITLENS_WEBHOOK_TOKEN: "t", AUDITLENS_WEBHOOK_MAX_BYTES: 4 << 20, AUDITLENS_WEBHOOK_QUEUE: 8 };

const dirs: string[] = [];
const followers: FileFollower[] = [];
afterEach(async () => {
  for (const f of followers.splice(0)) await f.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The falco captures' lines, as the API server's log backend wrote them. */
function corpusLines(): string[] {
  const dir = path.join(CORPUS_DIR, "falco-k8s-audit");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter((l) => l.trim()));
}

/**
 * The same events as the webhook backend posts them: an EventList whose items are the log backend's
 * bytes without kind/apiVersion (one encoder writes both).
 */
function eventList(lines: string[]): string {
  const items = lines.map((l) => l.replace(/^\{"kind":"Event","apiVersion":"audit\.k8s\.io\/v1",/, "{"));
  return `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${items.join(",")}]}`;
}

/** The items as JSON.stringify writes them, as stores before schema 21 kept the webhook's events. */
function stringifiedList(lines: string[]): string {
  const items = lines.map((l) => {
    const { kind: _k, apiVersion: _a, ...rest } = JSON.parse(l) as Record<string, unknown>;
    return rest;
  });
  return JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", metadata: {}, items });
}

async function deliver(db: Db, body: string) {
  async function* bytes() {
    yield Buffer.from(body);
  }
  return receiveWebhook(sqliteIngestTarget(db), { authorization: "Bearer t", contentLength: Buffer.byteLength(body), body: bytes() }, "default", config);
}

async function tail(db: Db, lines: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-dedup-"));
  dirs.push(dir);
  const file = path.join(dir, "audit.log");
  fs.writeFileSync(file, "");
  const target = sqliteIngestTarget(db);
  const f = new FileFollower(target, file, new LiveRun(target, "tail", "default", file));
  followers.push(f);
  await f.poll();
  fs.appendFileSync(file, lines.join("\n") + "\n");
  await f.poll();
  return f.status;
}

describe.skipIf(!corpusPresent)("one event from the webhook and from the tailed log", () => {
  it("is stored once, in either order, with no conflict of its own", async () => {
    const lines = corpusLines();
    expect(lines).toHaveLength(51);
    const conflicts = (db: Db) => db.prepare("SELECT count(*) AS n FROM requests WHERE flags & 1").get();
    // The captures were hand-edited for rule tests: some reuse an auditID with other content.
    const { db: once } = tempDb();
    await tail(once, lines);
    const ownConflicts = conflicts(once);
    for (const order of ["webhook first", "file first"] as const) {
      const { db } = tempDb();
      if (order === "webhook first") {
        expect(await deliver(db, eventList(lines))).toMatchObject({ status: 200, summary: { added: 51 } });
        expect(await tail(db, lines)).toMatchObject({ events: 51, added: 0 });
      } else {
        expect(await tail(db, lines)).toMatchObject({ events: 51, added: 51 });
        expect(await deliver(db, eventList(lines))).toMatchObject({ status: 200, summary: { added: 0, duplicates: 51 } });
      }
      expect(summaryFrom(db)).toMatchObject({ events: 51 });
      expect(conflicts(db)).toEqual(ownConflicts);
    }
  });


});

describe("one event from the webhook, re-serialized, and from the tailed log", () => {
  it("is stored once: Go's escapes and JSON.stringify's writing of them hash alike", async () => {
    // Go writes & < > as \u0026 \u003c \u003e; stores before schema 21 kept webhook items JSON.stringify'd.
    const events = Array.from({ length: 5 }, (_, i) => makeEvent({ requestURI: `/api/v1/pods?limit=${i}&watch=true`, userAgent: "a <b>" }));
    const lines = events.map((e) => JSON.stringify(e).replace(/&/g, "\\u0026").replace(/</g, "\\u003c").replace(/>/g, "\\u003e"));
    const { db } = tempDb();
    expect(await deliver(db, stringifiedList(lines))).toMatchObject({ status: 200, summary: { added: 5 } });
    expect(await tail(db, lines)).toMatchObject({ events: 5, added: 0 });
  });
});
