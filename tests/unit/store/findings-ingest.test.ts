import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RuleSet } from "@/lib/findings/types";
import { LiveRun } from "@/lib/ingest/live-run";
import { FileFollower } from "@/lib/ingest/tail/file-follower";
import { normalizeEvent } from "@/lib/ingest/normalize";
import type { NewFinding } from "@/lib/store/ingest-target";
import type { Db } from "@/lib/store/sqlite/db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { createRun } from "@/lib/store/sqlite/runs";
import { BatchWriter } from "@/lib/store/sqlite/writer";
import { jsonLines } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { tempDir } from "../helpers/temp-dir";
import { countsByRule, hitsOf, ingestText, referenceHitsOf, TRAFFIC, TRAFFIC_TEXT, stubFixtureRules } from "./findings-helpers";

const LINES = TRAFFIC_TEXT.split("\n").filter(Boolean).map((l) => `${l}\n`);

let set: RuleSet;
beforeEach(() => {
  set = stubFixtureRules();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The traffic stored whole, once, as the others are compared with. */
async function wholeStore(): Promise<{ db: Db; hits: string[] }> {
  const { db } = tempDb();
  await ingestText(db, TRAFFIC_TEXT);
  return { db, hits: hitsOf(db) };
}

describe("findings as requests are stored", () => {
  it("an upload finds what the traffic holds, as the engine finds over the whole store", async () => {
    const { db, hits } = await wholeStore();
    expect(countsByRule(hits)).toEqual({ "test.exec": 3, "test.denied-burst": 4, "test.create-then-exec": 2, "test.privileged": 1 });
    expect(hits).toEqual(referenceHitsOf(db, set));
    const detail = db.prepare("SELECT detail FROM finding_hits h JOIN finding_rules fr ON fr.id = h.rule WHERE fr.name = 'test.privileged'").get();
    expect(detail).toEqual({ detail: expect.stringContaining("app") });
  });

  it("finds the same whether the file comes whole, in small batches or in two halves in either order, and a re-upload adds none", async () => {
    const { db: whole, hits } = await wholeStore();
    await ingestText(whole, TRAFFIC_TEXT);
    expect(hitsOf(whole)).toEqual(hits);

    const { db: batched } = tempDb();
    await ingestText(batched, TRAFFIC_TEXT, 7);
    expect(hitsOf(batched)).toEqual(hits);

    // Split between a request's two stage events too (odd places), so later batches complete earlier requests.
    for (const at of [1, Math.floor(LINES.length / 3), Math.floor(LINES.length / 2) + 1, LINES.length - 3]) {
      const first = LINES.slice(0, at).join("");
      const second = LINES.slice(at).join("");
      for (const [a, b] of [[first, second], [second, first]] as const) {
        const { db } = tempDb();
        await ingestText(db, a);
        await ingestText(db, b);
        expect(hitsOf(db), `split at line ${at}`).toEqual(hits);
      }
    }
  });

  it("keeps a sequence's later steps only where a first step can chain to them, whatever arrives first", async () => {
    // test.create-then-exec: of the four execs, only alice's and bob's come within 5 minutes of a create of
    // the same pod; eve's (6 minutes after it) and dave's (6 minutes after web-2's create) chain to nothing.
    const laterSteps = (db: Db) =>
      db
        .prepare("SELECT count(*) AS n FROM rule_matches m JOIN finding_rules fr ON fr.id = m.rule WHERE fr.name = 'test.create-then-exec' AND m.step = 1")
        .get();
    const { db: whole, hits } = await wholeStore();
    expect(laterSteps(whole)).toEqual({ n: 2 });
    const at = LINES.findIndex((l) => l.includes('"verb":"create"') && l.includes('"exec"'));
    const { db: reversed } = tempDb();
    await ingestText(reversed, LINES.slice(at).join(""));
    expect(laterSteps(reversed)).toEqual({ n: 0 });
    await ingestText(reversed, LINES.slice(0, at).join(""));
    expect(laterSteps(reversed)).toEqual({ n: 2 });
    expect(hitsOf(reversed)).toEqual(hits);
  });

  it("finds the same through the tailer, one line per poll", async () => {
    const { hits } = await wholeStore();
    const { db } = tempDb();
    const file = path.join(tempDir(), "audit.log");
    fs.writeFileSync(file, "");
    const target = sqliteIngestTarget(db);
    const follower = new FileFollower(target, file, new LiveRun(target, "tail", "prod", file));
    try {
      for (const line of LINES) {
        fs.appendFileSync(file, line);
        await follower.poll();
      }
    } finally {
      await follower.close();
    }
    expect(hitsOf(db)).toEqual(hits);
  });

  it("gives and takes a hit when a later batch completes a request", async () => {
    const { db } = tempDb();
    const exec = TRAFFIC.filter((e) => e.user.username === "eve");
    const mallory = TRAFFIC.filter((e) => e.user.username === "mallory");
    const received = (events: typeof TRAFFIC) => events.filter((e) => e.stage === "RequestReceived");
    const completed = (events: typeof TRAFFIC) => events.filter((e) => e.stage === "ResponseComplete");
    await ingestText(db, jsonLines([...received(exec), ...received(mallory)]));
    // Not denied yet: an exec in progress; the 403s are not known yet either.
    expect(countsByRule(hitsOf(db))).toEqual({ "test.exec": 1 });
    await ingestText(db, jsonLines([...completed(exec), ...completed(mallory)]));
    expect(countsByRule(hitsOf(db))).toEqual({ "test.denied-burst": 4 });
    expect(hitsOf(db)).toEqual(referenceHitsOf(db, set));
  });

  it("reports each new hit once, after the batch that added it, and none for a re-upload", () => {
    const { db } = tempDb();
    const writer = new BatchWriter(db, "prod", createRun(db, "tail", "audit.log", "prod"));
    const normalized = TRAFFIC.map((e) => {
      const n = normalizeEvent(e, JSON.stringify(e));
      if (typeof n === "string") throw new Error(n);
      return n;
    });
    const reported: NewFinding[] = [];
    // Whole requests per batch (a request's two events are adjacent): a hit a later stage takes back would be reported and then gone.
    for (let i = 0; i < normalized.length; i += 10) {
      writer.write(normalized.slice(i, i + 10));
      reported.push(...writer.takeNewFindings());
    }
    const stored = db
      .prepare<[], { rule: string; request_id: number }>("SELECT fr.name AS rule, h.request_id FROM finding_hits h JOIN finding_rules fr ON fr.id = h.rule")
      .all()
      .map((r) => `${r.rule} ${r.request_id}`)
      .sort();
    const keys = reported.map((f) => `${f.ruleId} ${f.requestId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(stored);
    expect(reported.find((f) => f.ruleId === "test.create-then-exec")).toMatchObject({ severity: "critical", key: expect.any(String) });
    expect(writer.takeNewFindings()).toEqual([]);

    writer.write(normalized);
    expect(writer.takeNewFindings()).toEqual([]);
  });
});
