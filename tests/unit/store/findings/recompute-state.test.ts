import { describe, expect, it } from "vitest";
import { findingsStatus } from "@/lib/store/sqlite/findings/reads";
import { noteRecomputeStarted, noteRulesUsed, recordRecomputed } from "@/lib/store/sqlite/findings/state";
import { jsonLines, makeEvent } from "../../helpers/events";
import { tempDb } from "../../helpers/temp-db";
import { ingestText } from "../findings-helpers";

const AT = 1_765_000_000_000_000;

/** A store holding one request, its findings computed with the rules "old". */
async function storeWithRequest() {
  const { db } = tempDb();
  await ingestText(db, jsonLines([makeEvent()]));
  db.prepare("UPDATE store_settings SET value = 'old' WHERE name = 'findings_fingerprint'").run();
  return db;
}

describe("a recompute's end is a compare-and-set", () => {
  it("makes the findings current when every batch meanwhile used its rules", async () => {
    const db = await storeWithRequest();
    noteRecomputeStarted(db, "new");
    expect(findingsStatus(db, "new").current).toBe(false);
    noteRulesUsed(db, "new", AT + 1);
    expect(recordRecomputed(db, "new", AT + 2)).toBe(true);
    expect(findingsStatus(db, "new")).toEqual({ current: true, computedAt: Math.floor((AT + 2) / 1000) });
  });

  it("leaves a mix when a batch evaluated with other rules was written while it ran", async () => {
    const db = await storeWithRequest();
    noteRecomputeStarted(db, "new");
    noteRulesUsed(db, "old", AT + 1);
    expect(recordRecomputed(db, "new", AT + 2)).toBe(false);
    expect(findingsStatus(db, "new").current).toBe(false);
    expect(findingsStatus(db, "old").current).toBe(false);
  });

  it("a recompute started later with other rules wins over an earlier one ending", async () => {
    const db = await storeWithRequest();
    noteRecomputeStarted(db, "a");
    noteRecomputeStarted(db, "b");
    expect(recordRecomputed(db, "a", AT)).toBe(false);
    expect(recordRecomputed(db, "b", AT + 1)).toBe(true);
    expect(findingsStatus(db, "b").current).toBe(true);
  });

  it("two recomputes with the same rules both end current, whichever ends first", async () => {
    const db = await storeWithRequest();
    noteRecomputeStarted(db, "new");
    noteRecomputeStarted(db, "new");
    expect(recordRecomputed(db, "new", AT)).toBe(true);
    expect(recordRecomputed(db, "new", AT + 1)).toBe(true);
    expect(findingsStatus(db, "new").current).toBe(true);
  });

  it("a store without requests stays current for any rules, as one that never held any", () => {
    const { db } = tempDb();
    noteRecomputeStarted(db, "new");
    expect(recordRecomputed(db, "new", AT)).toBe(true);
    expect(findingsStatus(db, "other")).toEqual({ current: true, computedAt: null });
  });
});
