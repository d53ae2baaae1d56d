import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseArgs } from "@/bench/generate";
import { generateAuditLog } from "@/bench/generator/generate";
import { parseSize } from "@/bench/generator/size";
import { STAGES } from "@/lib/audit/event";
import { ingestStream } from "@/lib/ingest/pipeline";
import { tempDb } from "../helpers/temp-db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

type Event = {
  kind: string;
  apiVersion: string;
  level: string;
  auditID: string;
  stage: string;
  verb: string;
  user: { username: string };
  objectRef?: { resource: string };
  responseStatus?: { code: number };
  requestObject?: unknown;
  responseObject?: unknown;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
};

const N = 5000;
const lines = (seed: number, bodies = true) => [...generateAuditLog({ requests: N, seed, bodies })];

// One generated log shared by the checks that only read it.
const log = lines(7);
const events = log.map((line) => JSON.parse(line) as Event);
const completes = events.filter((e) => e.stage === "ResponseComplete");
const share = (n: number, of: number) => n / of;

describe("generateAuditLog", () => {
  it("is deterministic: the same seed gives the same bytes, another seed other bytes", () => {
    const small = (seed: number) => [...generateAuditLog({ requests: 1500, seed, bodies: true })].join("\n");
    const first = small(7);
    expect(small(7)).toBe(first);
    expect(small(8)).not.toBe(first);
  });

  it("writes audit.k8s.io/v1 Events, each request as RequestReceived + ResponseComplete (+ ResponseStarted when long-running)", () => {
    // Problems are collected rather than asserted one by one: 10 000 expect() calls are slow.
    const problems: string[] = [];
    const stages = new Map<string, string[]>();
    const timestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
    for (const e of events) {
      if (e.kind !== "Event" || e.apiVersion !== "audit.k8s.io/v1") problems.push(`${e.auditID}: kind ${e.kind} ${e.apiVersion}`);
      if (!(STAGES as readonly string[]).includes(e.stage)) problems.push(`${e.auditID}: stage ${e.stage}`);
      if (!timestamp.test(e.requestReceivedTimestamp) || !timestamp.test(e.stageTimestamp)) problems.push(`${e.auditID}: timestamps`);
      if (e.stageTimestamp < e.requestReceivedTimestamp) problems.push(`${e.auditID}: stage before receipt`);
      stages.set(e.auditID, [...(stages.get(e.auditID) ?? []), e.stage]);
    }
    for (const [id, seen] of stages) {
      if (seen[0] !== "RequestReceived" || seen.at(-1) !== "ResponseComplete") problems.push(`${id}: stages ${seen.join()}`);
    }
    const watches = completes.filter((e) => e.verb === "watch");
    for (const w of watches) if (stages.get(w.auditID)?.join() !== "RequestReceived,ResponseStarted,ResponseComplete") problems.push(`${w.auditID}: watch stages`);
    expect(problems).toEqual([]);
    expect(stages.size).toBe(N);
    expect(watches.length).toBeGreaterThan(0);
  });

  it("keeps the file in stage-timestamp order, with a request's later stages interleaved with others", () => {
    let backwards = 0;
    for (let i = 1; i < events.length; i++) if (events[i]!.stageTimestamp < events[i - 1]!.stageTimestamp) backwards++;
    expect(backwards).toBeLessThan(events.length / 1000);
    const adjacent = events.filter((e, i) => e.stage === "RequestReceived" && events[i + 1]?.auditID === e.auditID).length;
    expect(adjacent).toBeLessThan(N);
  });

  it("has a realistic mix of verbs, response codes, identities and levels", () => {
    const verbs = completes.map((e) => e.verb);
    const reads = verbs.filter((v) => v === "get" || v === "list" || v === "watch").length;
    expect(share(reads, N)).toBeGreaterThanOrEqual(0.8);
    expect(share(verbs.filter((v) => v === "delete" || v === "deletecollection").length, N)).toBeGreaterThan(0.003);
    const codes = new Set(completes.map((e) => e.responseStatus?.code));
    for (const code of [200, 201, 403, 404, 409, 422]) expect(codes, `code ${code}`).toContain(code);
    const forbidden = completes.filter((e) => e.responseStatus?.code === 403);
    for (const e of forbidden) expect(e.annotations?.["authorization.k8s.io/decision"]).toBe("forbid");
    const users = completes.map((e) => e.user.username);
    expect(users.some((u) => u.startsWith("system:node:"))).toBe(true);
    expect(users.some((u) => u.startsWith("system:serviceaccount:"))).toBe(true);
    expect(users).toContain("system:anonymous");
    expect(users).toContain("alice@example.com");
    expect(new Set(completes.map((e) => e.objectRef?.resource)).size).toBeGreaterThan(20);
    const withBodies = events.filter((e) => e.requestObject !== undefined || e.responseObject !== undefined).length;
    expect(share(withBodies, events.length)).toBeGreaterThan(0.02);
    expect(share(withBodies, events.length)).toBeLessThan(0.1);
  });

  it("with bodies off, logs everything at Metadata and no bodies", () => {
    const plain = lines(7, false);
    expect(plain.length).toBeGreaterThan(N * 2);
    expect(plain.filter((line) => /"(requestObject|responseObject)":/.test(line) || !line.includes('"level":"Metadata"'))).toEqual([]);
  });

  it("is accepted by the ingest pipeline without a single invalid line", async () => {
    const { db } = tempDb();
    const requests = 1500;
    const small = [...generateAuditLog({ requests, seed: 3, bodies: true })];
    const text = small.join("\n") + "\n";
    const summary = await ingestStream(sqliteIngestTarget(db), Readable.from([Buffer.from(text)]), { cluster: "bench", source: "cli", filename: "audit.log" });
    expect(summary.invalid).toBe(0);
    expect(summary.events).toBe(small.length);
    expect(summary.requests).toBe(requests);
  });
});

describe("parseSize", () => {
  it("reads counts with k and m suffixes", () => {
    expect(parseSize("5000")).toBe(5000);
    expect(parseSize("200k")).toBe(200_000);
    expect(parseSize("1m")).toBe(1_000_000);
    expect(parseSize("10M")).toBe(10_000_000);
    expect(parseSize("2.5m")).toBe(2_500_000);
  });

  it("rejects anything else with a clear error", () => {
    for (const bad of ["abc", "", "0", "-5", "1g", "1.5", "12kb"]) expect(() => parseSize(bad), bad).toThrow(/invalid size/);
  });
});

describe("CLI arguments", () => {
  it("defaults to 1m requests, seed 1, bodies, and a file named after them", () => {
    expect(parseArgs([])).toEqual({ size: "1m", requests: 1_000_000, seed: 1, out: "bench/data/audit-1m-s1.log", bodies: true });
    expect(parseArgs(["--size", "200k", "--seed=42", "--no-bodies"]).out).toBe("bench/data/audit-200k-s42-nobodies.log");
    expect(() => parseArgs(["--seed", "x"])).toThrow(/invalid seed/);
    expect(() => parseArgs(["--frobnicate"])).toThrow(/unknown argument/);
  });
});
