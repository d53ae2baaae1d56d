import { describe, expect, it } from "vitest";
import { normalizeEvent, type NormalizedEvent } from "@/lib/ingest/normalize";
import { getRequestFrom, listRequestsFrom, summaryFrom } from "@/lib/store/sqlite/requests";
import { BatchWriter } from "@/lib/store/sqlite/writer";
import type { AuditEvent } from "@/lib/audit/event";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { createRun } from "@/lib/store/sqlite/runs";
import type { Db } from "@/lib/store/sqlite/db";

function normalized(e: AuditEvent, raw = JSON.stringify(e)): NormalizedEvent {
  const n = normalizeEvent(e, raw);
  if (typeof n === "string") throw new Error(n);
  return n;
}

function writer(db: Db, cluster = "default"): BatchWriter {
  return new BatchWriter(db, cluster, createRun(db, "cli", "t.log", cluster));
}

const page = { limit: 50, cursor: undefined };

describe("BatchWriter", () => {
  it("merges the stages of one auditID into one request with the most complete stage's data", () => {
    const { db } = tempDb();
    const received = makeEvent({
      auditID: "a-1",
      stage: "RequestReceived",
      responseStatus: undefined,
      stageTimestamp: "2024-05-10T12:00:00.000200Z",
    });
    const complete = makeEvent({ auditID: "a-1", stage: "ResponseComplete", responseStatus: { code: 201 } });
    const result = writer(db).write([normalized(received), normalized(complete)]);
    expect(result).toEqual({ added: 2, duplicates: 0 });

    const { items, total } = listRequestsFrom(db, {}, page);
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ auditID: "a-1", code: 201, stages: ["RequestReceived", "ResponseComplete"], latencyMs: 12.5 });
    const detail = getRequestFrom(db, items[0]!.id)!;
    expect(detail.events.map((e) => e.stage)).toEqual(["RequestReceived", "ResponseComplete"]);
    expect(JSON.parse(detail.events[1]!.raw)).toEqual(complete);
  });

  it("merges stages that arrive in different batches and in reverse order", () => {
    const { db } = tempDb();
    const w = writer(db);
    w.write([normalized(makeEvent({ auditID: "late", stage: "ResponseComplete", responseStatus: { code: 404 } }))]);
    w.write([normalized(makeEvent({ auditID: "late", stage: "RequestReceived", responseStatus: undefined }))]);
    const { items, total } = listRequestsFrom(db, {}, page);
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ code: 404, stages: ["RequestReceived", "ResponseComplete"] });
  });

  it("keeps one free-text entry per request, with the texts of its latest most complete stage", () => {
    const { db } = tempDb();
    const w = writer(db);
    const received = { auditID: "ft", stage: "RequestReceived" as const, responseStatus: undefined };
    w.write([normalized(makeEvent(received))]);
    // Same texts in a later batch: the entry stays; a message appears in the next one and changes in the
    // last: each time the entry is replaced, and the old words no longer find the request.
    w.write([normalized(makeEvent({ auditID: "ft", stage: "ResponseStarted", responseStatus: { code: 200 } }))]);
    w.write([normalized(makeEvent({ auditID: "ft", stage: "ResponseComplete", responseStatus: { code: 500, message: "etcd timeout" } }))]);
    w.write([normalized(makeEvent({ auditID: "ft", stage: "Panic", responseStatus: { code: 403, message: "quota exceeded" } }))]);
    const fts = (q: string) => db.prepare("SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?").all(q);
    expect(fts("quota")).toHaveLength(1);
    expect(fts("etcd")).toHaveLength(0);
    expect(fts("api")).toHaveLength(1);
    expect(() => db.exec("INSERT INTO requests_fts (requests_fts) VALUES ('integrity-check')")).not.toThrow();
    expect(listRequestsFrom(db, { q: '"quota exceeded"' }, page).total).toBe(1);
  });

  it("finds a request by its name's words whether or not the URI repeats the name", () => {
    const { db } = tempDb();
    const ref = (name: string) => ({ resource: "configmaps", namespace: "prod", name, apiVersion: "v1" });
    writer(db).write([
      // A create names the object only in objectRef; a get repeats it as the URI's last segment.
      normalized(makeEvent({ auditID: "c", verb: "create", requestURI: "/api/v1/namespaces/prod/configmaps", objectRef: ref("feature-flags") })),
      normalized(makeEvent({ auditID: "g", verb: "get", requestURI: "/api/v1/namespaces/prod/configmaps/feature-flags?x=1", objectRef: ref("feature-flags") })),
    ]);
    expect(listRequestsFrom(db, { q: '"feature-flags"' }, page).total).toBe(2);
    expect(listRequestsFrom(db, { q: "flags" }, page).total).toBe(2);
  });

  it("stores an identical event once, in the same batch, a later batch, or a later run", () => {
    const { db } = tempDb();
    const e = normalized(makeEvent({ auditID: "dup" }));
    expect(writer(db).write([e, e])).toEqual({ added: 1, duplicates: 1 });
    expect(writer(db).write([e])).toEqual({ added: 0, duplicates: 1 });
    expect(summaryFrom(db)).toMatchObject({ requests: 1, events: 1 });
  });

  it("keeps and flags two different events with the same auditID and stage", () => {
    const { db } = tempDb();
    const a = normalized(makeEvent({ auditID: "same", verb: "get" }));
    const b = normalized(makeEvent({ auditID: "same", verb: "update" }));
    expect(writer(db).write([a, b])).toEqual({ added: 2, duplicates: 0 });
    const { items } = listRequestsFrom(db, {}, page);
    expect(items).toHaveLength(1);
    expect(items[0]!.conflict).toBe(true);
    const detail = getRequestFrom(db, items[0]!.id)!;
    expect(detail.events).toHaveLength(2);
    expect(detail.events.filter((e) => e.conflict)).toHaveLength(1);
  });

  it("keeps the same auditID in two clusters apart", () => {
    const { db } = tempDb();
    const e = normalized(makeEvent({ auditID: "shared" }));
    writer(db, "prod").write([e]);
    expect(writer(db, "staging").write([e])).toEqual({ added: 1, duplicates: 0 });
    expect(summaryFrom(db)).toMatchObject({ requests: 2, events: 2 });
    expect(listRequestsFrom(db, { cluster: ["staging"] }, page).total).toBe(1);
  });

  it("flags requests whose bodies the API server truncated", () => {
    const { db } = tempDb();
    writer(db).write([normalized(makeEvent({ annotations: { "audit.k8s.io/truncated": "true" } }))]);
    expect(listRequestsFrom(db, {}, page).items[0]!.truncated).toBe(true);
  });

  it("reads back events verbatim across many compressed blocks", () => {
    const { db } = tempDb();
    const events = Array.from({ length: 600 }, (_, i) =>
      makeEvent({ auditID: `bulk-${i}`, requestObject: { pad: "x".repeat(4000 + (i % 7)) } }),
    );
    const raws = events.map((e, i) => (i % 2 ? JSON.stringify(e, null, 1) : JSON.stringify(e)));
    writer(db).write(events.map((e, i) => normalized(e, raws[i])));
    const blocks = (db.prepare("SELECT count(*) AS n FROM blocks").get() as { n: number }).n;
    expect(blocks).toBeGreaterThan(1);
    for (const i of [0, 1, 299, 599]) {
      const row = db.prepare("SELECT id FROM requests WHERE audit_id = ?").get(`bulk-${i}`) as { id: number };
      expect(getRequestFrom(db, row.id)!.events[0]!.raw).toBe(raws[i]);
    }
  });
});

describe("latency", () => {
  const v1beta1 = (stage: AuditEvent["stage"], timestamp: string) =>
    makeEvent({ auditID: "old", stage, requestReceivedTimestamp: undefined, stageTimestamp: undefined, timestamp });

  it("is unknown for a lone v1beta1 event, which has one whole-second timestamp", () => {
    const { db } = tempDb();
    writer(db).write([normalized(v1beta1("ResponseComplete", "2017-09-11T19:55:05Z"))]);
    expect(listRequestsFrom(db, {}, page).items[0]!.latencyMs).toBeNull();
  });

  it("is unknown for v1beta1 RequestReceived and ResponseComplete: whole seconds measure nothing", () => {
    const { db } = tempDb();
    writer(db).write([
      normalized(v1beta1("RequestReceived", "2017-09-11T19:55:05Z")),
      normalized(v1beta1("ResponseComplete", "2017-09-11T19:55:07Z")),
    ]);
    expect(listRequestsFrom(db, {}, page).items[0]).toMatchObject({ latencyMs: null, latencyUnknown: "whole-seconds" });
  });

  it("is unknown while only RequestReceived was seen", () => {
    const { db } = tempDb();
    writer(db).write([normalized(makeEvent({ stage: "RequestReceived", responseStatus: undefined }))]);
    expect(listRequestsFrom(db, {}, page).items[0]).toMatchObject({ latencyMs: null, latencyUnknown: "received-only", code: null });
  });
});
