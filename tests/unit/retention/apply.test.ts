import { describe, expect, it } from "vitest";
import { applyRetention } from "@/lib/retention/apply";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { storeInfoFrom } from "@/lib/store/sqlite/store-info";
import { parseMicros } from "@/lib/time/micros";
import { makeEvent } from "../helpers/events";
import { ingestEvents } from "../helpers/ingest-events";
import { tempDb } from "../helpers/temp-db";

const DAY_US = 86_400e6;
const NOW_US = Date.UTC(2024, 5, 1) * 1000;
const iso = (us: number) => new Date(us / 1000).toISOString();

/** One request an hour over `days` days back from NOW_US, each with a long message so that sizes add up. */
function hourly(days: number) {
  return Array.from({ length: days * 24 }, (_, i) => {
    const us = NOW_US - i * 3600e6 - 1;
    return makeEvent({
      requestReceivedTimestamp: iso(us),
      stageTimestamp: iso(us + 1000),
      responseStatus: { metadata: {}, code: 200, message: `${i} `.repeat(2000) } as never,
    });
  });
}

describe("applying the retention policy", () => {
  it("deletes the requests older than the days it keeps", async () => {
    const { db } = tempDb();
    await ingestEvents(db, hourly(10));
    const pass = await applyRetention(sqliteStore(db), { days: 3, maxGb: null }, "request", NOW_US);
    expect(pass.deleted.requests).toBe(7 * 24);
    expect(pass.before).toBe(new Date((NOW_US - 3 * DAY_US) / 1000).toISOString().replace("Z", "000Z"));
    const info = storeInfoFrom(db);
    expect(info.requests).toBe(3 * 24);
    expect(parseMicros(info.oldest!)).toBeGreaterThanOrEqual(NOW_US - 3 * DAY_US);
  });

  it("deletes the oldest requests until the data fits the size it keeps, and no more than that", async () => {
    const { db } = tempDb();
    await ingestEvents(db, hourly(20));
    const before = storeInfoFrom(db);
    const maxGb = (before.usedBytes * 0.6) / 1e9;
    const pass = await applyRetention(sqliteStore(db), { days: null, maxGb }, "schedule", NOW_US);
    const after = storeInfoFrom(db);
    expect(after.usedBytes).toBeLessThanOrEqual(maxGb * 1e9);
    expect(pass.usedBytesAfter).toBe(after.usedBytes);
    // The newest requests stay, the oldest went, and most of the store is kept.
    expect(after.newest).toBe(before.newest);
    expect(parseMicros(after.oldest!)).toBeGreaterThan(parseMicros(before.oldest!));
    expect(after.requests).toBeGreaterThan(before.requests * 0.3);
  });

  it("leaves a store within its limits alone", async () => {
    const { db } = tempDb();
    await ingestEvents(db, hourly(2));
    const pass = await applyRetention(sqliteStore(db), { days: 30, maxGb: 10 }, "schedule", NOW_US);
    expect(pass.deleted).toEqual({ requests: 0, events: 0, rewritten: 0, blocks: 0, runs: 0 });
  });
});
