import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/store/sqlite/db";
import { countRequests, queryContext } from "@/lib/store/sqlite/requests";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { deleteViewFrom, getViewFrom, insertViewIn, listViewsFrom } from "@/lib/store/sqlite/views";
import { filterFromParams } from "@/lib/query/filter";
import { InvalidViewUrlError, saveViewIn, saveViewSchema } from "@/lib/views/save-view";
import { SHORT_ID, shortId } from "@/lib/views/short-id";
import { makeEvent } from "../helpers/events";
import { ingestEvents } from "../helpers/ingest-events";
import { tempDb } from "../helpers/temp-db";

const save = (db: Db, input: unknown) => saveViewIn(sqliteStore(db), saveViewSchema.parse(input));

describe("saved views", () => {
  it("draws 8-character url-safe ids that differ", () => {
    const ids = new Set(Array.from({ length: 1000 }, shortId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(SHORT_ID);
  });

  it("stores a canonical URL and lists, finds and deletes views", async () => {
    const { db } = tempDb();
    const a = await save(db, { name: "  deletes in prod ", url: "/?verb=delete&cluster=prod&cursor=x" });
    expect(a).toMatchObject({ name: "deletes in prod", url: "/?cluster=prod&verb=delete", path: `/v/${a.id}` });
    expect(a.id).toMatch(SHORT_ID);
    const b = await save(db, { name: "latency", url: "/?sort=latency" });
    expect(listViewsFrom(db).map((v) => v.id).sort()).toEqual([a.id, b.id].sort());
    expect(getViewFrom(db, a.id)).toEqual(a);
    expect(deleteViewFrom(db, a.id)).toBe(true);
    expect(deleteViewFrom(db, a.id)).toBe(false);
    expect(getViewFrom(db, a.id)).toBeNull();
    expect(listViewsFrom(db).map((v) => v.id)).toEqual([b.id]);
  });

  it("draws again when an id is taken instead of overwriting the older view", () => {
    const { db } = tempDb();
    const ids = ["AAAAAAAA", "AAAAAAAA", "BBBBBBBB"];
    const next = () => ids.shift()!;
    const first = insertViewIn(db, { name: "first", url: "/" }, next);
    const second = insertViewIn(db, { name: "second", url: "/?verb=get" }, next);
    expect([first.id, second.id]).toEqual(["AAAAAAAA", "BBBBBBBB"]);
    expect(getViewFrom(db, "AAAAAAAA")?.name).toBe("first");
  });

  it("refuses URLs that are not pages of this app, and empty names", async () => {
    const { db } = tempDb();
    await expect(save(db, { name: "x", url: "https://evil.example/" })).rejects.toThrow(InvalidViewUrlError);
    await expect(save(db, { name: "x", url: "javascript:alert(1)" })).rejects.toThrow(InvalidViewUrlError);
    expect(saveViewSchema.safeParse({ name: "  ", url: "/" }).success).toBe(false);
    expect(listViewsFrom(db)).toEqual([]);
  });

  it("freezes a relative range into the absolute window that counts the same requests", async () => {
    const { db } = tempDb();
    await ingestEvents(db, [
      makeEvent({ requestReceivedTimestamp: "2024-05-08T12:00:00.000000Z", stageTimestamp: "2024-05-08T12:00:00.010000Z" }),
      makeEvent({ requestReceivedTimestamp: "2024-05-10T08:00:00.000000Z", stageTimestamp: "2024-05-10T08:00:00.010000Z" }),
      makeEvent({ requestReceivedTimestamp: "2024-05-10T12:00:00.000100Z", stageTimestamp: "2024-05-10T12:00:00.012600Z" }),
    ]);
    const relative = await save(db, { name: "last day", url: "/?range=24h" });
    const frozen = await save(db, { name: "that day", url: "/?range=24h", freeze: true });
    expect(relative.url).toBe("/?range=24h");
    expect(frozen.url).toBe("/?from=2024-05-09T12%3A00%3A00.000Z&to=2024-05-10T12%3A00%3A00.001Z");
    const count = (url: string) => countRequests(db, filterFromParams(new URL(url, "http://x").searchParams), queryContext(db));
    expect(count(frozen.url)).toBe(2);
    expect(count(relative.url)).toBe(2);

    // A newer upload moves "last 24 h" on; the frozen view keeps its requests.
    await ingestEvents(db, [
      makeEvent({ requestReceivedTimestamp: "2024-05-12T12:00:00.000000Z", stageTimestamp: "2024-05-12T12:00:00.010000Z" }),
    ]);
    expect(count(relative.url)).toBe(1);
    expect(count(frozen.url)).toBe(2);
  });
});
