import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TRUNCATED_ANNOTATION } from "@/lib/audit/event";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { normalizeItems } from "@/lib/ingest/normalized-batch";
import type { NormalizedEvent } from "@/lib/ingest/normalize";
import { parseAuditStream } from "@/lib/ingest/parse";
import { ingestStream } from "@/lib/ingest/pipeline";
import type { MatchableRequest } from "@/lib/query/matchable";
import type { Db } from "@/lib/store/sqlite/db";
import { FindingsUpdater } from "@/lib/store/sqlite/findings/updater";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { matchableByIds } from "@/lib/store/sqlite/matchable";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { CORPUS, FIXTURES } from "../ingest/helpers";
import { hitsOf, referenceHitsOf, TRAFFIC } from "./findings-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

const LOGS = /\.(log|json|jsonl)$/;
const logsIn = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => LOGS.test(f)).sort().map((f) => path.join(dir, f)) : [];

/** Real logs (when the corpus is there) and the test fixtures: every format, v1beta1, impersonation, GKE, truncated. */
function files(): string[] {
  const corpus = fs.existsSync(CORPUS)
    ? fs.readdirSync(CORPUS).sort().flatMap((d) => (fs.statSync(path.join(CORPUS, d)).isDirectory() ? logsIn(path.join(CORPUS, d)) : []))
    : [];
  return [...corpus, ...logsIn(FIXTURES), ...logsIn(path.resolve(FIXTURES, ".."))];
}

/**
 * Flags and stages the files may not have: a request dated in the future, one whose second ResponseComplete
 * differs (a conflict), a truncated one, one with no groups and no object, one whose
 * texts hold lone surrogates, and the traffic in reverse, so
 * that a later batch brings a stage that does not win (the writer then has no event to build from).
 */
function oddities(): string {
  const future = makeEvent({ auditID: "future-1", requestReceivedTimestamp: "2099-01-01T00:00:00.000000Z", stageTimestamp: "2099-01-01T00:00:00.500000Z" });
  const conflict = makeEvent({ auditID: "conflict-1" });
  const truncated = makeEvent({ auditID: "truncated-1", annotations: { [TRUNCATED_ANNOTATION]: "true" } });
  const bare = makeEvent({ auditID: "bare-1", user: { username: "system:anonymous" }, objectRef: undefined, requestURI: "/healthz" });
  // A lone surrogate (an escape JSON allows) cannot be stored as UTF-8 as it is.
  const surrogate = makeEvent({ auditID: "surrogate-1", userAgent: "curl/\ud800x", user: { username: "mal\udc00lory", groups: ["g\ud800"] } });
  return jsonLines([future, conflict, { ...conflict, responseStatus: { metadata: {}, code: 500 } }, truncated, bare, surrogate, ...[...TRAFFIC].reverse()]);
}

/**
 * Ingests text as an upload does, but in batches of exactly `batchEvents` events (an upload's batches hold
 * whatever the parser read): the events are parsed first and handed to the pipeline one by one.
 */
async function ingestInBatches(db: Db, text: string, batchEvents: number | undefined) {
  const target = sqliteIngestTarget(db);
  const events: NormalizedEvent[] = [];
  async function* whole() {
    yield Buffer.from(text);
  }
  for await (const items of parseAuditStream(whole())) events.push(...normalizeItems(items, target.redaction()).events);
  async function* oneByOne() {
    for (const e of events) yield { events: [e], problems: [], consumedBytes: 0 };
  }
  await ingestStream(target, { parsed: oneByOne() }, { cluster: "prod", source: "cli", filename: "audit.log", batchEvents });
}

type Calls = { known: number; readBack: number };

/**
 * Ingests every file in batches of `batchEvents`, and checks each batch's requests the writer built
 * against what matchableByIds reads back in the same transaction, before the next batch changes them.
 */
async function ingestChecked(db: Db, batchEvents: number | undefined): Promise<Calls> {
  const calls: Calls = { known: 0, readBack: 0 };
  const update = FindingsUpdater.prototype.update;
  vi.spyOn(FindingsUpdater.prototype, "update").mockImplementation(function (
    this: FindingsUpdater,
    ids: readonly number[],
    nowUs?: number,
    correlate?: boolean,
    known?: ReadonlyMap<number, MatchableRequest>,
  ) {
    expect(known, "the writer hands its requests over").toBeDefined();
    const stored = matchableByIds(db, ids);
    for (const [id, request] of known!) {
      expect(ids).toContain(id);
      expect(request, `request ${id}`).toStrictEqual(stored.get(id));
    }
    calls.known += known!.size;
    calls.readBack += ids.length - known!.size;
    return update.call(this, ids, nowUs, correlate, known);
  });
  for (const file of files()) await ingestInBatches(db, fs.readFileSync(file, "utf8"), batchEvents);
  await ingestInBatches(db, oddities(), batchEvents);
  return calls;
}

describe("the requests the writer hands the rules", () => {
  it.each([1, 7, undefined])("are what matchableByIds reads back, in batches of %s events", async (batchEvents) => {
    const { db } = tempDb();
    const calls = await ingestChecked(db, batchEvents);
    expect(calls.known).toBeGreaterThan(200);
    // Batches of one event store each stage apart: a RequestReceived after its ResponseComplete changes counters only.
    if (batchEvents === 1) expect(calls.readBack).toBeGreaterThan(0);
    // And the findings are those of the engine over the whole store (built-in rules).
    expect(hitsOf(db)).toEqual(referenceHitsOf(db, loadRuleSet()));
  });
});
