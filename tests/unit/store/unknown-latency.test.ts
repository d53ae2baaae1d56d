import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestStream } from "@/lib/ingest/pipeline";
import { filterFromParams } from "@/lib/query/filter";
import { openDb, type Db } from "@/lib/store/sqlite/db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { countRequests, getRequestFrom, listRequestsFrom, summaryFrom } from "@/lib/store/sqlite/requests";
import { makeEvent } from "../helpers/events";
import { ingestEvents } from "../helpers/ingest-events";
import { rewindStore } from "../helpers/rewind-store";
import { tempDb } from "../helpers/temp-db";
import { CORPUS } from "../ingest/helpers";

const DEMO_LOG = path.join(CORPUS, "audit2rbac-2017", "demo.log");
const ELASTIC = path.join(CORPUS, "elastic-integrations", "test-audit.log");

async function ingestText(db: Db, text: string, cluster = "default", recordClusters?: boolean) {
  async function* chunks() {
    yield Buffer.from(text);
  }
  return ingestStream(sqliteIngestTarget(db), chunks(), { cluster, source: "cli", filename: "audit.log", recordClusters });
}

const all = (db: Db, params: Record<string, string> = {}, sort: "time" | "latency" = "time") =>
  listRequestsFrom(db, filterFromParams(params), { limit: 1000 }, sort).items;

/** One GKE Cloud Logging record, as the elastic-integrations pipeline test has it (line 4). */
function gkeLine(): string {
  return fs.readFileSync(ELASTIC, "utf8").split("\n").find((l) => l.includes("protoPayload"))!;
}

/** Two timed v1 requests, 12.5 ms and 2 s. */
const timed = [
  makeEvent({ requestReceivedTimestamp: "2024-05-10T12:00:00.000100Z", stageTimestamp: "2024-05-10T12:00:00.012600Z" }),
  makeEvent({ requestReceivedTimestamp: "2024-05-10T12:00:01.000000Z", stageTimestamp: "2024-05-10T12:00:03.000000Z" }),
];

describe.runIf(fs.existsSync(DEMO_LOG))("v1beta1 events (whole-second timestamps)", () => {
  it("have an unknown latency, not 0, with the reason; sort last; and no latency filter matches them", async () => {
    const { db } = tempDb();
    await ingestText(db, fs.readFileSync(DEMO_LOG, "utf8"), "demo");
    await ingestEvents(db, timed, "demo");
    const rows = all(db);
    expect(rows).toHaveLength(439);
    const beta = rows.filter((r) => r.latencyMs === null);
    expect(beta).toHaveLength(437);
    expect(new Set(beta.map((r) => r.latencyUnknown))).toEqual(new Set(["whole-seconds"]));
    // Slowest first, and the unknown ones after every known one.
    expect(all(db, {}, "latency").slice(0, 3).map((r) => r.latencyMs)).toEqual([2000, 12.5, null]);
    expect(countRequests(db, filterFromParams({ q: "latency:<1" }))).toBe(0);
    expect(countRequests(db, filterFromParams({ q: "latency:>=0" }))).toBe(2);
    expect(countRequests(db, filterFromParams({ q: "-latency:>=0" }))).toBe(437);
  });

  it("lose the 0 a store written before measured for them, when it upgrades", async () => {
    const { db, file } = tempDb();
    await ingestText(db, fs.readFileSync(DEMO_LOG, "utf8"), "demo");
    await ingestEvents(db, timed, "demo");
    // As the writer before 0027 stored them: RequestReceived and ResponseComplete a whole second apart, or 0.
    db.prepare("UPDATE requests SET latency_us = 0 WHERE latency_us IS NULL AND stages = 5").run();
    expect(countRequests(db, filterFromParams({ q: "latency:<1" }))).toBeGreaterThan(300);
    rewindStore(db, 24);
    db.close();
    const upgraded = openDb(file);
    try {
      expect(countRequests(upgraded, filterFromParams({ q: "latency:<1" }))).toBe(0);
      expect(all(upgraded).filter((r) => r.latencyMs !== null).map((r) => r.latencyMs)).toEqual([2000, 12.5]);
    } finally {
      upgraded.close();
    }
  });
});

describe.runIf(fs.existsSync(ELASTIC))("a GKE Cloud Logging record", () => {
  it("is stored verbatim, in the cluster it names, with an unknown latency", async () => {
    const { db } = tempDb();
    await ingestText(db, `${gkeLine()}\n`);
    const [row] = all(db);
    expect(row).toMatchObject({ cluster: "test-cluster", user: "system:gke-master-healthcheck", requestURI: "/readyz", latencyMs: null, latencyUnknown: "one-timestamp" });
    const detail = getRequestFrom(db, row!.id)!;
    expect(detail.events.map((e) => e.raw)).toEqual([gkeLine()]);
    expect(countRequests(db, filterFromParams({ q: "cluster:test-cluster" }))).toBe(1);
    expect(countRequests(db, filterFromParams({ q: "latency:>=0" }))).toBe(0);
    // The run was started for "default"; the store's clusters are where its requests are.
    expect(summaryFrom(db).clusters).toEqual(["test-cluster"]);
  });

  it("stays in the run's cluster for an uploader scoped to some clusters", async () => {
    const { db } = tempDb();
    await ingestText(db, `${gkeLine()}\n`, "default", false);
    expect(all(db).map((r) => r.cluster)).toEqual(["default"]);
    expect(summaryFrom(db).clusters).toEqual(["default"]);
  });

  it("keeps the cluster the user named, and reads again as a duplicate", async () => {
    const { db } = tempDb();
    await ingestText(db, `${gkeLine()}\n`, "mine");
    const again = await ingestText(db, `${gkeLine()}\n`, "mine");
    expect(again.duplicates).toBe(1);
    expect(all(db).map((r) => r.cluster)).toEqual(["mine"]);
  });

  it("has its 0 turned into unknown when a store written before is upgraded", async () => {
    const { db, file } = tempDb();
    await ingestText(db, `${gkeLine()}\n`);
    await ingestEvents(db, timed);
    // What the writer before 0027 stored: the converted event, timed (bit 4) at exactly 0 µs.
    db.prepare("UPDATE requests SET latency_us = 0, flags = (flags & ~16) | 4 WHERE flags & 16").run();
    rewindStore(db, 24);
    db.close();
    const upgraded = openDb(file);
    try {
      expect(all(upgraded).map((r) => [r.latencyMs, r.latencyUnknown])).toEqual([[null, "one-timestamp"], [2000, null], [12.5, null]]);
    } finally {
      upgraded.close();
    }
  });
});
