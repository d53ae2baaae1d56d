import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RuleSet } from "@/lib/findings/types";
import { compactStore } from "@/lib/store/sqlite/compact";
import { openDb, type Db } from "@/lib/store/sqlite/db";
import { deleteBefore, deleteRun } from "@/lib/store/sqlite/deletion";
import { findingsStatus } from "@/lib/store/sqlite/findings/reads";
import { redactStore } from "@/lib/store/sqlite/redact-store";
import { redactSaltOf } from "@/lib/store/sqlite/redaction";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { jsonLines, makeEvent } from "../helpers/events";
import { rewindStore } from "../helpers/rewind-store";
import { tempDb } from "../helpers/temp-db";
import { tempDir } from "../helpers/temp-dir";
import { countsByRule, hitsOf, ingestText, referenceHitsOf, RULES_DIR, TRAFFIC_TEXT, stubFixtureRules } from "./findings-helpers";

const LINES = TRAFFIC_TEXT.split("\n").filter(Boolean).map((l) => `${l}\n`);
const BASE_US = Date.UTC(2024, 4, 10, 12, 0, 0) * 1000;

let set: RuleSet;
beforeEach(() => {
  set = stubFixtureRules();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The fixture rules changed: the burst needs two denials, the plain exec rule is gone. */
function changedRules(): RuleSet {
  const dir = tempDir();
  for (const file of fs.readdirSync(RULES_DIR)) {
    if (file === "exec.yaml") continue;
    const text = fs.readFileSync(path.join(RULES_DIR, file), "utf8");
    fs.writeFileSync(path.join(dir, file), text.replace("threshold: 3", "threshold: 2"));
  }
  return stubFixtureRules(dir);
}

describe("findings kept valid by deletions, rewrites and recomputes", () => {
  it("a deletion before a time takes the hits of what it deleted, and judges the correlations around the cut again", async () => {
    const { db } = tempDb();
    await ingestText(db, TRAFFIC_TEXT);
    expect(countsByRule(hitsOf(db))["test.denied-burst"]).toBe(4);
    // Takes two of mallory's four denials: the two left are no burst.
    await deleteBefore(db, BASE_US + 75_000_000);
    expect(countsByRule(hitsOf(db))).toEqual({ "test.exec": 3, "test.create-then-exec": 2, "test.privileged": 1 });
    expect(hitsOf(db)).toEqual(referenceHitsOf(db, set));
    expect(db.prepare("SELECT count(*) AS n FROM rule_matches WHERE request_id NOT IN (SELECT id FROM requests)").get()).toEqual({ n: 0 });
  });

  it("deleting a run leaves the findings of what the other run stored, rebuilt requests evaluated again", async () => {
    const at = Math.floor(LINES.length / 2) + 1;
    const { db } = tempDb();
    await ingestText(db, LINES.slice(0, at).join(""));
    const second = await ingestText(db, LINES.slice(at).join(""));
    await deleteRun(db, second.runId);
    const { db: firstOnly } = tempDb();
    await ingestText(firstOnly, LINES.slice(0, at).join(""));
    expect(hitsOf(db)).toEqual(hitsOf(firstOnly));
    expect(hitsOf(db)).toEqual(referenceHitsOf(db, set));
  });

  it("redact and compact keep every hit on its request", async () => {
    const { db } = tempDb();
    await ingestText(db, TRAFFIC_TEXT);
    const before = hitsOf(db);
    redactStore(db, redactSaltOf(db));
    compactStore(db);
    expect(hitsOf(db)).toEqual(before);
    const misplaced = db.prepare("SELECT count(*) AS n FROM finding_hits h LEFT JOIN requests r ON r.id = h.request_id WHERE r.ts IS NOT h.ts").get();
    expect(misplaced).toEqual({ n: 0 });
  });

  it("a store written before 0029 keeps its hits, keys and correlation matches as they were", async () => {
    const { db, file } = tempDb();
    await ingestText(db, TRAFFIC_TEXT);
    const matchesOf = (d: Db) =>
      d.prepare(`SELECT rule, ts, request_id, step, ${["key", "distinct_value", "differ_value"].map((c) => `(SELECT value FROM finding_keys WHERE id = ${c}) AS ${c}`).join(", ")}
                 FROM rule_matches ORDER BY rule, ts, request_id, step`).all();
    const hits = hitsOf(db);
    const matches = matchesOf(db);
    expect(hits.some((h) => h.endsWith("]"))).toBe(true);
    expect(matches.length).toBeGreaterThan(0);
    rewindStore(db, 28);
    expect(db.prepare("SELECT count(*) AS n FROM rule_matches WHERE key LIKE '[%'").get()).toEqual({ n: matches.length });
    db.close();
    const reopened = openDb(file);
    try {
      expect(hitsOf(reopened)).toEqual(hits);
      expect(matchesOf(reopened)).toEqual(matches);
      await ingestText(reopened, TRAFFIC_TEXT);
      expect(hitsOf(reopened)).toEqual(hits);
    } finally {
      reopened.close();
    }
  });

  it("after rules change the findings are stale until a recompute, which finds what ingest with the new rules finds", async () => {
    const { db } = tempDb();
    expect(findingsStatus(db, set.fingerprint)).toEqual({ current: true, computedAt: null });
    await ingestText(db, TRAFFIC_TEXT);
    expect(findingsStatus(db, set.fingerprint)).toMatchObject({ current: true, computedAt: expect.any(Number) });

    const changed = changedRules();
    expect(findingsStatus(db, changed.fingerprint).current).toBe(false);
    // A batch written with the new rules leaves a mix: stale for either rule set.
    await ingestText(db, jsonLines([makeEvent({ verb: "list" })]));
    expect(findingsStatus(db, changed.fingerprint).current).toBe(false);
    expect(findingsStatus(db, set.fingerprint).current).toBe(false);

    // A key whose matches were deleted: a recompute drops it, and keeps every key in use (hitsOf reads them).
    db.prepare("INSERT INTO finding_keys (value) VALUES ('[\"gone\"]')").run();
    const progress: number[] = [];
    const result = await sqliteStore(db).maintenance.recomputeFindings(changed, (p) => progress.push(p.requests));
    expect(db.prepare("SELECT count(*) AS n FROM finding_keys WHERE value = '[\"gone\"]'").get()).toEqual({ n: 0 });
    const { db: fresh } = tempDb();
    await ingestText(fresh, TRAFFIC_TEXT);
    expect(hitsOf(db)).toEqual(hitsOf(fresh));
    expect(countsByRule(hitsOf(db))["test.exec"]).toBeUndefined();
    expect(result).toEqual({ requests: LINES.length / 2 + 1, hits: hitsOf(fresh).length, current: true });
    expect(progress.at(-1)).toBe(LINES.length / 2 + 1);
    expect(findingsStatus(db, changed.fingerprint).current).toBe(true);
  });
});
