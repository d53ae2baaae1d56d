import { parse } from "csv-parse/sync";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ingestStream } from "@/lib/ingest/pipeline";
import { QuerySyntaxError } from "@/lib/query/errors";
import type { Filter } from "@/lib/query/filter";
import type { Db } from "@/lib/store/sqlite/db";
import { exportStreamFrom, type ExportFormat } from "@/lib/store/sqlite/export";
import { countRequests, summaryFrom } from "@/lib/store/sqlite/requests";
import { makeEvent } from "../helpers/events";
import { ingestEvents } from "../helpers/ingest-events";
import { tempDb } from "../helpers/temp-db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

const FIXTURE = path.resolve(__dirname, "../../fixtures/kubectl-session.log");

async function ingestText(db: Db, text: string | Buffer, cluster: string) {
  async function* source() {
    yield Buffer.from(text);
  }
  return ingestStream(sqliteIngestTarget(db), source(), { cluster, source: "upload", filename: "export.jsonl" });
}

/** Reads the whole export, chunk by chunk, as a browser download would. */
async function exported(db: Db, filter: Filter, format: ExportFormat, batchSize?: number): Promise<{ text: string; chunks: number }> {
  const reader = exportStreamFrom(db, filter, format, batchSize).getReader();
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { text, chunks };
    text += decoder.decode(value, { stream: true });
    chunks++;
  }
}

const eventCount = (db: Db, cluster: string) =>
  db
    .prepare<[string], { n: number }>(
      "SELECT sum(r.event_count) AS n FROM requests r JOIN strings c ON c.id = r.cluster_id WHERE c.value = ?",
    )
    .get(cluster)!.n;

describe("JSON lines export", () => {
  it("re-ingests into another cluster with identical request and event counts", async () => {
    const { db } = tempDb();
    const first = await ingestText(db, fs.readFileSync(FIXTURE), "original");
    expect(first).toMatchObject({ added: 50, requests: 24 });

    const { text } = await exported(db, { cluster: ["original"] }, "jsonl");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.trimEnd().split("\n")).toHaveLength(50);

    const again = await ingestText(db, text, "copy");
    expect(again).toMatchObject({ events: 50, added: 50, duplicates: 0, invalid: 0, requests: 24 });
    expect(countRequests(db, { cluster: ["copy"] })).toBe(24);
    expect(eventCount(db, "copy")).toBe(50);
    // Re-importing into the original cluster adds nothing: every line is an event it already has.
    expect(await ingestText(db, text, "original")).toMatchObject({ added: 0, duplicates: 50 });
  });

  it("writes each stored event verbatim, stages in lifecycle order, requests oldest first", async () => {
    const { db } = tempDb();
    const received = makeEvent({ auditID: "b", stage: "RequestReceived", responseStatus: undefined, requestReceivedTimestamp: "2024-05-10T12:00:01.000000Z" });
    const complete = makeEvent({ auditID: "b", stage: "ResponseComplete", requestReceivedTimestamp: "2024-05-10T12:00:01.000000Z", stageTimestamp: "2024-05-10T12:00:01.500000Z" });
    const earlier = makeEvent({ auditID: "a", requestReceivedTimestamp: "2024-05-10T11:00:00.000000Z", stageTimestamp: "2024-05-10T11:00:00.100000Z" });
    // Arrives last, stored after the others, but exported first: it happened first.
    const raw = [complete, received, earlier].map((e) => JSON.stringify(e));
    await ingestText(db, raw.join("\n") + "\n", "c");
    const { text } = await exported(db, {}, "jsonl");
    expect(text).toBe(`${raw[2]}\n${raw[1]}\n${raw[0]}\n`);
  });

  it("exports only the requests the filter matches, with all of their stages", async () => {
    const { db } = tempDb();
    await ingestText(db, fs.readFileSync(FIXTURE), "f");
    const { text } = await exported(db, { cluster: ["f"], verb: ["delete"] }, "jsonl");
    const events = text.trimEnd().split("\n").map((l) => JSON.parse(l) as { verb: string; auditID: string });
    expect(new Set(events.map((e) => e.auditID)).size).toBe(3);
    expect(events.every((e) => e.verb === "delete")).toBe(true);
    expect(await exported(db, { cluster: ["nowhere"] }, "jsonl")).toEqual({ text: "", chunks: 0 });
  });

  it("takes the query language like every other view, and refuses a bad query before the first byte", async () => {
    const { db } = tempDb();
    await ingestText(db, fs.readFileSync(FIXTURE), "f");
    const { text } = await exported(db, { q: "cluster:f verb:delete user:alice" }, "jsonl");
    const ids = new Set(text.trimEnd().split("\n").map((l) => (JSON.parse(l) as { auditID: string }).auditID));
    expect(ids.size).toBe(1);
    expect(() => exportStreamFrom(db, { q: "verb:(delete" }, "jsonl")).toThrow(QuerySyntaxError);
  });

  it("streams in batches: the same bytes whatever the batch size, one chunk per batch", async () => {
    const { db } = tempDb();
    await ingestText(db, fs.readFileSync(FIXTURE), "f");
    const whole = await exported(db, {}, "jsonl");
    expect(whole.chunks).toBe(1);
    const batched = await exported(db, {}, "jsonl", 5);
    expect(batched.text).toBe(whole.text);
    expect(batched.chunks).toBe(5); // 24 requests, 5 per batch
  });

  it("exports a big store in fixed-size batches: 10 000 requests, every one exactly once", async () => {
    const { db } = tempDb();
    const events = Array.from({ length: 10_000 }, (_, i) =>
      makeEvent({ auditID: `big-${i}`, requestReceivedTimestamp: `2024-05-10T12:00:${String(i % 60).padStart(2, "0")}.000000Z` }),
    );
    await ingestEvents(db, events, "big");
    const reader = exportStreamFrom(db, {}, "jsonl", 500).getReader();
    const seen = new Set<string>();
    let chunks = 0;
    let largest = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++;
      largest = Math.max(largest, r.value.byteLength);
      for (const line of new TextDecoder().decode(r.value).trimEnd().split("\n")) seen.add((JSON.parse(line) as { auditID: string }).auditID);
    }
    expect(seen.size).toBe(10_000);
    expect(chunks).toBe(20);
    expect(largest).toBeLessThan(2 * 1024 * 1024);
  });

  it("stops reading the store when the download is cancelled", async () => {
    const { db } = tempDb();
    await ingestText(db, fs.readFileSync(FIXTURE), "f");
    const reader = exportStreamFrom(db, {}, "jsonl", 2).getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    expect((await reader.read()).done).toBe(true);
    // The connection is free again for other queries.
    expect(summaryFrom(db).requests).toBe(24);
  });
});

describe("CSV export", () => {
  it("has a header and one row per request, with the table's columns and the identifying ones", async () => {
    const { db } = tempDb();
    await ingestText(db, fs.readFileSync(FIXTURE), "f");
    const { text } = await exported(db, { cluster: ["f"] }, "csv", 7);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(24);
    expect(Object.keys(rows[0]!)).toEqual([
      "time", "cluster", "auditID", "user", "impersonatedUser", "verb", "apiGroup", "resource", "namespace", "name",
      "code", "latencyMs", "sourceIP", "userAgent", "requestURI", "decision",
    ]);
    expect(new Set(rows.map((r) => r.auditID)).size).toBe(24);
    expect(text.split("\n")[0]).toBe("time,cluster,auditID,user,impersonatedUser,verb,apiGroup,resource,namespace,name,code,latencyMs,sourceIP,userAgent,requestURI,decision");
    const first = rows[0]!;
    expect(first).toMatchObject({ cluster: "f", user: "alice", verb: "get", resource: "pods", namespace: "prod", name: "web-1", code: "200", sourceIP: "10.0.0.5", decision: "allow" });
    expect(Number(first.latencyMs)).toBeCloseTo(1.5);
  });

  it("neutralises values that a spreadsheet would run as a formula", async () => {
    const { db } = tempDb();
    await ingestEvents(
      db,
      [
        makeEvent({ auditID: "f1", userAgent: '=HYPERLINK("http://evil.example","click")', user: { username: "+cmd|' /C calc'!A0" } }),
        makeEvent({ auditID: "f2", userAgent: "-2+3", user: { username: "@SUM(1,1)" } }),
        makeEvent({ auditID: "f3", userAgent: "\tindented", user: { username: "\r=1" } }),
        makeEvent({ auditID: "f4", userAgent: "kubectl/v1.30.3 a=b", user: { username: "bob" }, objectRef: { resource: "pods", namespace: "prod", name: "x,\"quoted\"\nline" } }),
      ],
      "csv",
    );
    const { text } = await exported(db, {}, "csv");
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const by = Object.fromEntries(rows.map((r) => [r.auditID, r]));
    expect(by.f1).toMatchObject({ userAgent: `'=HYPERLINK("http://evil.example","click")`, user: "'+cmd|' /C calc'!A0" });
    expect(by.f2).toMatchObject({ userAgent: "'-2+3", user: "'@SUM(1,1)" });
    expect(by.f3).toMatchObject({ userAgent: "'\tindented", user: "'\r=1" });
    // Ordinary values stay as they are, quoting survives commas, quotes and newlines.
    expect(by.f4).toMatchObject({ userAgent: "kubectl/v1.30.3 a=b", user: "bob", name: 'x,"quoted"\nline', code: "200" });
  });

  it("spells out control characters instead of writing them raw, and still escapes formulas", async () => {
    const { db } = tempDb();
    await ingestEvents(
      db,
      [
        makeEvent({ auditID: "c1", userAgent: "kubectl\u001b[31m red\u001b[0m\u0007", user: { username: "=1+1\u001b]0;owned\u0007" } }),
        makeEvent({ auditID: "c2", userAgent: "tab\tand\u009bcsi\u007f", user: { username: "nul\u0000" } }),
      ],
      "csv",
    );
    const { text } = await exported(db, {}, "csv");
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const by = Object.fromEntries(rows.map((r) => [r.auditID, r]));
    expect(by.c1).toMatchObject({ userAgent: "kubectl\\u001B[31m red\\u001B[0m\\u0007", user: "'=1+1\\u001B]0;owned\\u0007" });
    expect(by.c2).toMatchObject({ userAgent: "tab\tand\\u009Bcsi\\u007F", user: "nul\\u0000" });
  });

  it("still writes the header when nothing matches", async () => {
    const { db } = tempDb();
    await ingestEvents(db, [makeEvent()], "csv");
    const { text } = await exported(db, { cluster: ["nowhere"] }, "csv");
    expect(text.trimEnd().split("\n")).toHaveLength(1);
    expect(text.startsWith("time,cluster,auditID,")).toBe(true);
  });
});
