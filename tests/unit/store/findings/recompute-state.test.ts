import { describe, expect, it } from "vitest";
import { findingsStatus } from "@/lib/store/sqlite/findings/reads";
import { noteRecomputeStarted, noteRulesUsed, recordRecomputed } from "@/lib/store/sqlite/findings/state";
import { tempDb } from "../../helpers/temp-db";

const AT = 1_765_000_000_000_000;

describe("a recompute's end is a compare-and-set", () => {
  it("makes the findings current when every batch meanwhile used its rules", () => {
    const { db } = tempDb();
    noteRulesUsed(db, "old", AT);
    noteRecomputeStarted(db, "new");
    expect(findingsStatus(db, "new").current).toBe(false);
    noteRulesUsed(db, "new", AT + 1);
    expect(recordRecomputed(db, "new", AT + 2)).toBe(true);
    expect(findingsStatus(db, "new")).toEqual({ current: true, computedAt: Math.floor((AT + 2) / 1000) });
  });

  it("leaves a mix when a batch evaluated with other rules was written while it ran", () => {
    const { db } = tempDb();
    noteRulesUsed(db, "old", AT);
    noteRecomputeStarted(db, "new");
    noteRulesUsed(db, "old", AT + 1);
    expect(recordRecomputed(db, "new", AT + 2)).toBe(false);
    expect(findingsStatus(db, "new").current).toBe(false);
    expect(findingsStatus(db, "old").current).toBe(false);
  });

  it("a recompute started later with other rules wins over an earlier one ending", () => {
    const { db } = tempDb();
    noteRecomputeStarted(db, "a");
    noteRecomputeStarted(db, "b");
    expect(recordRecomputed(db, "a", AT)).toBe(false);
    expect(recordRecomputed(db, "b", AT + 1)).toBe(true);
    expect(findingsStatus(db, "b").current).toBe(true);
  });
});
