import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { filterFromParams } from "@/lib/query/filter";
import { withScopes } from "@/lib/query/scope";
import { openAuditStore } from "@/lib/store";
import { openDb } from "@/lib/store/sqlite/db";
import { makeEvent } from "../helpers/events";
import { ingestEvents } from "../helpers/ingest-events";

const opened: { close(): void; dir: string }[] = [];
afterEach(() => {
  for (const { close, dir } of opened.splice(0)) {
    close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const at = (minute: number) => {
  const t = `2024-05-10T12:${String(minute).padStart(2, "0")}:00.000000Z`;
  return { requestReceivedTimestamp: t, stageTimestamp: t.replace(".000000Z", ".020000Z") };
};
const ref = (namespace: string) => ({ resource: "configmaps", namespace, name: "settings", apiVersion: "v1" });

/** A store on a file with three requests: two on prod's configmap, one on dev's, in cluster "test". */
async function store() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-store-"));
  const file = path.join(dir, "store.db");
  const writer = openDb(file);
  await ingestEvents(writer, [
    makeEvent({ ...at(0), verb: "create", objectRef: ref("prod") }),
    makeEvent({ ...at(1), verb: "update", objectRef: ref("prod") }),
    makeEvent({ ...at(2), verb: "get", objectRef: ref("dev") }),
  ], "test");
  writer.close();
  const s = openAuditStore(file);
  opened.push({ close: s.close, dir });
  return s;
}

const all = filterFromParams({});
const prodOnly = [{ cluster: "test", namespaces: ["prod"] }];

describe("the AuditStore on SQLite", () => {
  it("answers a page, a count and the stats with the same requests, inside the scopes", async () => {
    const s = await store();
    const page = await s.requests.page(all, { limit: 10 });
    expect(page.items.map((r) => r.verb)).toEqual(["get", "update", "create"]);
    expect(await s.requests.count(all)).toBe(3);
    expect((await s.stats(all, { stack: "verb" })).total).toBe(3);
    const scoped = withScopes(all, prodOnly);
    expect((await s.requests.page(scoped, { limit: 10 })).items.map((r) => r.namespace)).toEqual(["prod", "prod"]);
    expect(await s.requests.count(scoped)).toBe(2);
  });

  it("gives one request with its events, and none outside the scopes", async () => {
    const s = await store();
    const [dev] = (await s.requests.page(all, { limit: 1 })).items;
    const detail = await s.requests.get(dev!.id, null);
    expect(detail?.events.map((e) => e.stage)).toEqual(["ResponseComplete"]);
    expect(await s.requests.get(dev!.id, prodOnly)).toBeNull();
    const events = await s.requests.eventReader()([dev!.id]);
    expect(events.get(dev!.id)?.map((e) => JSON.parse(e.raw).verb)).toEqual(["get"]);
  });

  it("orders an object's history as asked", async () => {
    const s = await store();
    const key = { cluster: "test", group: "", resource: "configmaps", namespace: "prod", name: "settings" };
    const verbs = async (order: "asc" | "desc") => (await s.history(key, { order, fields: "changed", limit: 20 }, null)).entries.map((e) => e.request.verb);
    expect(await verbs("asc")).toEqual(["create", "update"]);
    expect(await verbs("desc")).toEqual(["update", "create"]);
  });

  it("shows runs to unscoped principals only", async () => {
    const s = await store();
    expect(await s.runs(10, null)).toHaveLength(1);
    expect(await s.runs(10, prodOnly)).toEqual([]);
  });

  it("rejects a query it cannot parse instead of throwing at the caller", async () => {
    const s = await store();
    const bad = filterFromParams({ q: "code:>=x" });
    const answer = s.requests.page(bad, { limit: 10 });
    await expect(answer).rejects.toThrow(/status code/);
  });
});
