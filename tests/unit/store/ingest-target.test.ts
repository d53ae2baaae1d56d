import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { normalizeEvent, type NormalizedEvent } from "@/lib/ingest/normalize";
import { openIngestTarget } from "@/lib/store/index-ingest";
import type { IngestTarget } from "@/lib/store/ingest-target";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";

// What lib/ingest relies on from any backend's write side; a new backend adds its line here.
const backends: { name: string; open: () => IngestTarget }[] = [{ name: "sqlite", open: () => sqliteIngestTarget(tempDb().db) }];

function normalized(event: AuditEvent): NormalizedEvent {
  const e = normalizeEvent(event, JSON.stringify(event));
  if (typeof e === "string") throw new Error(e);
  return e;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(backends)("the $name ingest target", ({ open }) => {
  const request = (auditID: string) => [
    normalized(makeEvent({ auditID, stage: "RequestReceived" })),
    normalized(makeEvent({ auditID, stage: "ResponseComplete" })),
  ];

  it("stores a batch's new events, counts re-sent ones as duplicates, and reports the requests touched", () => {
    const target = open();
    const runId = target.openRun("cli", "a.log", "prod");
    const writer = target.writer("prod", runId);
    expect(writer.write([...request("a"), ...request("b")])).toEqual({ added: 4, duplicates: 0 });
    expect(writer.takeTouched()).toBe(2);
    expect(writer.write(request("a"))).toEqual({ added: 0, duplicates: 2 });
    expect(writer.takeTouched()).toBe(1);
  });

  it("keeps the clusters apart: the same events in another cluster are new", () => {
    const target = open();
    const runId = target.openRun("webhook", null, "prod");
    expect(target.writer("prod", runId).write(request("a"))).toEqual({ added: 2, duplicates: 0 });
    expect(target.writer("staging", runId).write(request("a"))).toEqual({ added: 2, duplicates: 0 });
  });

  it("gives each run its own id, and does not take a run this process writes for interrupted", () => {
    const target = open();
    const first = target.openRun("upload", "a.log", "prod");
    const second = target.openRun("tail", "/var/log/audit.log", "prod");
    expect(second).not.toBe(first);
    const summary = { runId: first, events: 2, added: 2, duplicates: 0, invalid: 0, requests: 1, errors: [] };
    target.recordProgress(summary, 100);
    target.keepAlive(second);
    expect(target.markInterruptedRuns()).toBe(0);
    target.finishRun(summary, 200, "done");
  });

  it("keeps one tail position per path, the last saved", () => {
    const target = open();
    expect(target.tailPosition("/logs/audit.log")).toBeNull();
    target.saveTailPosition({ path: "/logs/audit.log", dev: 1, ino: 2, head: "10:abc", offset: 10 });
    target.saveTailPosition({ path: "/logs/audit.log", dev: 1, ino: 3, head: "20:def", offset: 20 });
    target.saveTailPosition({ path: "/logs/other.log", dev: 1, ino: 4, head: "5:fed", offset: 5 });
    expect(target.tailPosition("/logs/audit.log")).toEqual({ path: "/logs/audit.log", dev: 1, ino: 3, head: "20:def", offset: 20 });
  });

  it("redacts under one salt per store, not at all when AUDITLENS_REDACT=off, and refuses any other value", () => {
    const target = open();
    const redaction = target.redaction();
    expect(redaction).toEqual({ salt: expect.any(String) });
    expect(target.redaction()).toEqual(redaction);
    vi.stubEnv("AUDITLENS_REDACT", "off");
    expect(target.redaction()).toBeNull();
    vi.stubEnv("AUDITLENS_REDACT", "no");
    expect(() => target.redaction()).toThrow("AUDITLENS_REDACT");
  });

  it("is opened again by its address, as an upload's writer thread does, onto the same store", () => {
    const target = open();
    const runId = target.openRun("upload", "a.log", "prod");
    target.writer("prod", runId).write(request("a"));
    const other = openIngestTarget(target.address);
    try {
      expect(other.address).toEqual(target.address);
      expect(other.redaction()).toEqual(target.redaction());
      expect(other.writer("prod", other.openRun("upload", "a.log", "prod")).write(request("a"))).toEqual({ added: 0, duplicates: 2 });
    } finally {
      other.close();
    }
  });
});
