import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import { ingestStream } from "@/lib/ingest/pipeline";
import { openDb, type Db } from "@/lib/store/sqlite/db";
import type { ObjectKey } from "@/lib/store/sqlite/history";
import { migrations } from "@/lib/store/sqlite/migrations";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { jsonLines, makeEvent } from "../helpers/events";
import { CORPUS } from "../ingest/helpers";
import { answersOf, FILTERS, rollupsOf, schemaOf } from "./upgrade-snapshot";
import { migrateFileTo, writeRewoundCopy, writeV1Copy } from "./upgrade-stores";

const LATEST = migrations.at(-1)!.version;
const DEMO_LOG = path.join(CORPUS, "audit2rbac-2017", "demo.log");

const at = (minute: number, us = 100) =>
  `2024-05-10T${String(12 + Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:00.${String(us).padStart(6, "0")}Z`;

const USERS = ["alice", "bob", "system:serviceaccount:kube-system:deployment-controller", "system:node:node-1"];
const VERBS = ["get", "list", "create", "update", "patch", "delete", "watch"];
const NAMESPACES = ["prod", "dev", "kube-system", undefined];
const CODES = [200, 200, 201, 403, 404, 409];

/** Requests of both stages over two hours, varied in every breakdown, each stage its own event. */
function traffic(): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < 60; i++) {
    const namespace = NAMESPACES[i % NAMESPACES.length];
    const received = at(i * 2, 100 + i);
    const common = {
      verb: VERBS[i % VERBS.length]!,
      user: { username: USERS[i % USERS.length]!, groups: ["system:authenticated"] },
      sourceIPs: [`10.0.${i % 3}.5`],
      userAgent: i % 5 === 0 ? "kube-controller-manager/v1.30.3 (linux/amd64)" : "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
      objectRef: { resource: i % 2 ? "pods" : "secrets", namespace, name: `web-${i % 4}`, apiVersion: "v1" },
      requestURI: namespace ? `/api/v1/namespaces/${namespace}/pods/web-${i % 4}` : `/api/v1/nodes/web-${i % 4}`,
      requestReceivedTimestamp: received,
    };
    const first = makeEvent({ ...common, stage: "RequestReceived", stageTimestamp: received, responseStatus: undefined });
    const code = CODES[i % CODES.length]!;
    events.push(first, {
      ...first,
      stage: "ResponseComplete",
      stageTimestamp: at(i * 2, 100 + i + (i % 7) * 140_000),
      responseStatus: { metadata: {}, code } as AuditEvent["responseStatus"],
      annotations: { "authorization.k8s.io/decision": code === 403 ? "forbid" : "allow", "authorization.k8s.io/reason": "" },
    });
  }
  return events;
}

const CONFIGMAP = { resource: "configmaps", namespace: "prod", name: "settings", apiVersion: "v1" };
const configMap = (data: Record<string, string>, rv: string) => ({
  kind: "ConfigMap", apiVersion: "v1", metadata: { name: "settings", namespace: "prod", resourceVersion: rv }, data,
});

/** One object's life at RequestResponse level, for its history: created, changed, patched, deleted. */
function lifecycle(): AuditEvent[] {
  const uri = "/api/v1/namespaces/prod/configmaps/settings";
  const step = (minute: number, verb: string, code: number, extra: Record<string, unknown>) =>
    makeEvent({
      level: "RequestResponse", verb, requestURI: verb === "create" ? "/api/v1/namespaces/prod/configmaps" : uri,
      objectRef: CONFIGMAP, requestReceivedTimestamp: at(minute), stageTimestamp: at(minute, 9000),
      responseStatus: { metadata: {}, code } as AuditEvent["responseStatus"], ...extra,
    });
  return [
    step(3, "create", 201, { requestObject: configMap({ mode: "a" }, ""), responseObject: configMap({ mode: "a" }, "10") }),
    step(20, "update", 200, { requestObject: configMap({ mode: "b" }, "10"), responseObject: configMap({ mode: "b" }, "11") }),
    step(41, "patch", 200, { requestObject: { data: { extra: "x" } }, responseObject: configMap({ mode: "b", extra: "x" }, "12") }),
    step(42, "update", 409, { requestObject: configMap({ mode: "c" }, "10") }),
    step(77, "delete", 200, { responseObject: { kind: "Status", status: "Success" } }),
  ];
}

/** The odd ones: a request from the future, an auditID that is no UUID, one seen only when received. */
function oddOnes(): AuditEvent[] {
  return [
    makeEvent({ requestReceivedTimestamp: "3000-01-01T00:00:00.000000Z", stageTimestamp: "3000-01-01T00:00:00.001000Z" }),
    makeEvent({ auditID: "abcde12345", requestReceivedTimestamp: at(15), stageTimestamp: at(15, 5000) }),
    makeEvent({ auditID: "00000000-0000-4000-9000-00000000abcd", stage: "RequestReceived", responseStatus: undefined, requestReceivedTimestamp: at(50), stageTimestamp: at(50) }),
  ];
}

/** Go's encoder escapes <, > and & where JSON.stringify does not: 0021 makes both hash alike. */
const goEscaped = (text: string) => text.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
const escapedAgent = makeEvent({ userAgent: "curl <&> probe", requestReceivedTimestamp: at(33), stageTimestamp: at(33, 2000) });

async function ingestText(db: Db, text: string | Buffer, cluster: string, source: "cli" | "webhook" = "cli") {
  async function* chunks() {
    yield Buffer.from(text);
  }
  return ingestStream(sqliteIngestTarget(db), chunks(), { cluster, source, filename: source === "cli" ? "audit.log" : null });
}

// Made once: makeEvent numbers auditIDs, and every store must be given the very same events.
const TRAFFIC = traffic();
const LIFECYCLE = lifecycle();
const FIRST = jsonLines([...TRAFFIC, ...LIFECYCLE, ...oddOnes()]) + goEscaped(jsonLines([escapedAgent]));
const LATER: [string, "cli" | "webhook"][] = [
  // Copies of stored events: duplicates.
  [jsonLines([...TRAFFIC.slice(0, 10), LIFECYCLE[1]!]), "cli"],
  // The webhook's copy of a logged event with Go's escapes: a duplicate once 0021 has rehashed.
  [
    `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${goEscaped(JSON.stringify(escapedAgent)).replace('{"kind":"Event","apiVersion":"audit.k8s.io/v1",', "{")}]}`,
    "webhook",
  ],
  // The missing stage of a stored request (found by its audit key), and new requests in minutes and
  // combinations the rollups already count (found by their combination key).
  [
    jsonLines([
      makeEvent({ auditID: "00000000-0000-4000-9000-00000000abcd", requestReceivedTimestamp: at(50), stageTimestamp: at(50, 700_000) }),
      ...[0, 1, 2].map((i) => ({ ...TRAFFIC[2 * i + 1]!, auditID: `00000000-0000-4000-a000-00000000100${i}` })),
    ]),
    "cli",
  ],
];

/** What the stores are first given: synthetic traffic, and a real 2017 log (v1beta1) where it is present. */
async function ingestFirst(db: Db): Promise<void> {
  await ingestText(db, FIRST, "prod");
  if (fs.existsSync(DEMO_LOG)) await ingestText(db, fs.readFileSync(DEMO_LOG), "demo");
}

/** What is written after the upgrade, through today's writer. */
async function ingestLater(db: Db): Promise<void> {
  for (const [text, source] of LATER) await ingestText(db, text, "prod", source);
}

const OBJECTS: ObjectKey[] = [
  { cluster: "prod", group: "", resource: "configmaps", namespace: "prod", name: "settings" },
  { cluster: "prod", group: "", resource: "pods", namespace: "prod", name: "web-1" },
];

type Snapshot = { schema: unknown[]; rollups: unknown; answers: unknown };
const snapshotOf = (db: Db): Snapshot => ({ schema: schemaOf(db), rollups: rollupsOf(db), answers: answersOf(db, OBJECTS) });

describe("upgrading a store from every earlier schema version", () => {
  let dir: string;
  let fresh: Db;
  let expected: Snapshot;
  let expectedLater: Snapshot;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-upgrade-"));
    fresh = openDb(path.join(dir, "fresh.db"));
    await ingestFirst(fresh);
    expected = snapshotOf(fresh);
    fresh.pragma("wal_checkpoint(TRUNCATE)");
    const laterFile = path.join(dir, "fresh-later.db");
    fs.copyFileSync(fresh.name, laterFile);
    const freshLater = openDb(laterFile);
    try {
      await ingestLater(freshLater);
      expectedLater = snapshotOf(freshLater);
    } finally {
      freshLater.close();
    }
  }, 120_000);

  afterAll(() => {
    fresh?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the old store (which upgrades it), compares it with the fresh one, then writes to both and compares again. */
  async function expectUpgradeMatches(file: string, evaluated = false): Promise<void> {
    const db = openDb(file);
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(LATEST);
      const settings = Object.fromEntries(db.prepare<[], { name: string; value: string }>("SELECT name, value FROM store_settings").all().map((r) => [r.name, r.value]));
      // Not compared with the fresh store's: a store that held requests before 0017 keeps SHA-1 audit keys, and each store has its own salt.
      expect(settings).toEqual({
        audit_key: expect.stringMatching(/^(sha1|time)$/), content_hash: "canonical", redact_salt: expect.stringMatching(/^[0-9a-f]{64}$/),
        // Requests stored before 0028 were never evaluated: stale until a recompute. Rewound rows were.
        ...(evaluated ? { findings_fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), findings_computed_at: expect.any(String) } : { findings_fingerprint: "" }),
      });
      const got = snapshotOf(db);
      expect(got.schema).toEqual(expected.schema);
      expect(got.rollups).toEqual(expected.rollups);
      expect(got.answers).toEqual(expected.answers);
      await ingestLater(db);
      const after = snapshotOf(db);
      expect(after.rollups).toEqual(expectedLater.rollups);
      expect(after.answers).toEqual(expectedLater.answers);
    } finally {
      db.close();
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    }
  }

  it("the fresh store holds what the comparison needs", () => {
    const { summary } = expected.answers as { summary: { requests: number; clusters: string[] } };
    expect(summary.requests).toBeGreaterThan(60);
    expect(fresh.prepare("SELECT count(*) AS n FROM requests WHERE flags & 8").get()).toEqual({ n: 1 });
    const { summary: laterSummary } = expectedLater.answers as { summary: { requests: number } };
    // The three new requests; the missing stage and every copy joined what was stored.
    expect(laterSummary.requests).toBe(summary.requests + 3);
    for (const params of FILTERS) {
      if (JSON.stringify(params).includes("demo") && !fs.existsSync(DEMO_LOG)) continue;
      const { page, byVerb } = (expected.answers as Record<string, { page: { total: number }; byVerb: { total: number } }>)[JSON.stringify(params)]!;
      expect(page.total, JSON.stringify(params)).toBeGreaterThan(0);
      expect(byVerb.total, JSON.stringify(params)).toBe(page.total);
    }
    expect((expected.answers as { histories: { versions: number }[] }).histories.map((h) => h.versions)).toEqual([3, 0]);
  });

  // Stores written at schema 1 (plain inserts into its tables), left by each later version's migrations.
  it.each(migrations.slice(0, -1).map((m) => m.version))("from schema %i, written at schema 1", async (version) => {
    const file = path.join(dir, `v1-to-${version}.db`);
    writeV1Copy(fresh, file);
    migrateFileTo(file, version);
    await expectUpgradeMatches(file);
  }, 60_000);

  // Today's rows, rewound: as far back as the migrations after it can be replayed on them (0017 creates
  // store_settings, and a store that has requests by then keeps the "sha1" audit keys these rows lack).
  it.each(migrations.filter((m) => m.version >= 17 && m.version < LATEST).map((m) => m.version))(
    "from schema %i, today's rows rewound",
    async (version) => {
      const file = path.join(dir, `rewound-${version}.db`);
      writeRewoundCopy(fresh, file, version);
      await expectUpgradeMatches(file, version >= 28);
    },
    60_000,
  );
});
