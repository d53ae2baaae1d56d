import { describe, expect, it } from "vitest";
import { GET as requestsGET } from "@/app/api/v1/requests/route";
import { GET as statsGET } from "@/app/api/v1/stats/route";
import { filterFromParams } from "@/lib/query/filter";
import { openDb } from "@/lib/store/sqlite/db";
import { countRequests, listRequestsFrom, queryContext, summaryFrom } from "@/lib/store/sqlite/requests";
import { parseMicros } from "@/lib/time/micros";
import { freezeRange } from "@/lib/views/freeze-range";
import { get, storeForRoutes } from "../api/route-helpers";
import { makeEvent } from "../helpers/events";
import { rewindStore } from "../helpers/rewind-store";

const at = (time: string) => makeEvent({ requestReceivedTimestamp: time, stageTimestamp: time });

const EVENTS = [
  at("2024-05-10T12:00:00.000000Z"),
  at("2024-05-10T11:00:00.000000Z"),
  at("2024-05-08T12:00:00.000000Z"),
  // Accepted (a valid timestamp), and until now the end of every relative range.
  at("3000-01-01T00:00:00.000000Z"),
];

describe("an event dated in the year 3000", () => {
  it("leaves relative ranges counting back from the newest believable event", async () => {
    const db = await storeForRoutes(EVENTS);
    expect(queryContext(db).newestUs).toBe(parseMicros("2024-05-10T12:00:00Z"));
    // The range note under the picker names the same end.
    expect(summaryFrom(db).last).toBe("2024-05-10T12:00:00.000000Z");
    expect(countRequests(db, filterFromParams({ range: "24h" }))).toBe(2);
    expect(countRequests(db, filterFromParams({ range: "7d" }))).toBe(3);
    expect(countRequests(db, filterFromParams({}))).toBe(4);
    const stats = await (await statsGET(get("/api/v1/stats?range=24h"))).json();
    expect(stats.total).toBe(2);
    expect(stats.to).toBe("2024-05-10T12:00:00.000001Z");
    const page = await (await requestsGET(get("/api/v1/requests?range=15m"))).json();
    expect(page.items.map((r: { time: string }) => r.time)).toEqual(["2024-05-10T12:00:00.000000Z"]);
    // A frozen "last 24 h" is the same window.
    const frozen = freezeRange(filterFromParams({ range: "24h" }), queryContext(db));
    expect(countRequests(db, frozen)).toBe(2);
  });

  it("is flagged, and found with flag:future", async () => {
    const db = await storeForRoutes(EVENTS);
    const flagged = listRequestsFrom(db, filterFromParams({ q: "flag:future" }), { limit: 10 });
    expect(flagged.items.map((r) => [r.time, r.future])).toEqual([["3000-01-01T00:00:00.000000Z", true]]);
    expect(countRequests(db, filterFromParams({ q: "-flag:future" }))).toBe(3);
    expect(listRequestsFrom(db, filterFromParams({ range: "24h" }), { limit: 10 }).items.every((r) => !r.future)).toBe(true);
  });

  it("is flagged in a store written before the flag existed, when it upgrades", async () => {
    const db = await storeForRoutes(EVENTS);
    const file = db.name;
    db.prepare("UPDATE requests SET flags = flags & ~8").run();
    rewindStore(db, 18);
    db.close();
    const upgraded = openDb(file);
    try {
      expect(countRequests(upgraded, filterFromParams({ q: "flag:future" }))).toBe(1);
      expect(countRequests(upgraded, filterFromParams({ range: "24h" }))).toBe(2);
    } finally {
      upgraded.close();
    }
  });
});
