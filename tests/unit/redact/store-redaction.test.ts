import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as getRequestRoute } from "@/app/api/v1/requests/[id]/route";
import { isMarker } from "@/lib/audit/redact";
import { ingestStream } from "@/lib/ingest/pipeline";
import { filterFromParams } from "@/lib/query/filter";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { renderSnapshot } from "@/lib/snapshot/render-snapshot";
import { decompressBlock } from "@/lib/store/raw-blocks";
import { closeDb, ingestDb, openDb, type Db } from "@/lib/store/sqlite/db";
import { exportStreamFrom } from "@/lib/store/sqlite/export";
import { objectHistoryFrom } from "@/lib/store/sqlite/history";
import { redactionOf, redactSaltOf } from "@/lib/store/sqlite/redaction";
import { redactStore } from "@/lib/store/sqlite/redact-store";
import { summaryFrom } from "@/lib/store/sqlite/requests";
import { jsonLines } from "../helpers/events";
import { SECRET_VALUES, secretEvents } from "../helpers/secret-events";
import { tempDb } from "../helpers/temp-db";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

const VALUES = Object.values(SECRET_VALUES);
const leaks = (text: string) => VALUES.filter((v) => text.includes(v));

/** Every stored event's bytes: all blocks, inflated, and the store's files as they are on disk. */
function storedBytes(db: Db, file: string): string {
  const rows = db.prepare("SELECT codec, data FROM blocks").all() as { codec: number; data: Buffer }[];
  const blocks = rows.map((r) => decompressBlock(r.codec, r.data).toString("utf8")).join("\n");
  const files = [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString("latin1"));
  return blocks + files.join("\n");
}

async function ingestText(db: Db, text: string, inWorker = false) {
  async function* source() {
    yield Buffer.from(text);
  }
  // An unbounded size sends the input through the parse worker, as a big upload or the CLI would.
  return ingestStream(sqliteIngestTarget(db), source(), { cluster: "prod", source: "cli", filename: "secrets.log", expectedBytes: inWorker ? Number.POSITIVE_INFINITY : null });
}

const LOG = jsonLines(Object.values(secretEvents()));
const EVENTS = Object.keys(secretEvents()).length;

function withRedact<T>(value: string | undefined, fn: () => T): T {
  const before = process.env.AUDITLENS_REDACT;
  if (value === undefined) delete process.env.AUDITLENS_REDACT;
  else process.env.AUDITLENS_REDACT = value;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.AUDITLENS_REDACT;
    else process.env.AUDITLENS_REDACT = before;
  }
}

describe("secrets in a store that redacts (the default)", () => {
  let dir: string;
  let file: string;
  let db: Db;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-redact-"));
    file = path.join(dir, "store.db");
    process.env.AUDITLENS_DB = file;
    db = ingestDb();
    expect(await ingestText(db, LOG)).toMatchObject({ events: EVENTS, added: EVENTS, invalid: 0 });
  });
  afterAll(() => {
    closeDb();
    delete process.env.AUDITLENS_DB;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stores no value, in the blocks or anywhere in the store's files", () => {
    expect(leaks(storedBytes(db, file))).toEqual([]);
  });

  it("answers /api/v1/requests/{id} with markers, never a value", async () => {
    const ids = (db.prepare("SELECT id FROM requests ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    expect(ids).toHaveLength(EVENTS);
    for (const id of ids) {
      const res = await getRequestRoute(new Request(`http://localhost/api/v1/requests/${id}`), { params: Promise.resolve({ id: String(id) }) });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(leaks(text)).toEqual([]);
    }
  });

  it("exports JSONL and CSV without a value", async () => {
    for (const format of ["jsonl", "csv"] as const) {
      const text = await new Response(exportStreamFrom(db, filterFromParams({}), format)).text();
      expect(text.length).toBeGreaterThan(0);
      expect(leaks(text)).toEqual([]);
    }
    const jsonl = await new Response(exportStreamFrom(db, filterFromParams({}), "jsonl")).text();
    expect(jsonl).toContain("redacted:hmac:");
  });

  it("renders the incident snapshot without a value", async () => {
    const html = await new Response(
      await renderSnapshot(sqliteStore(db), { filter: filterFromParams({}), scopes: null, view: { stack: "verb" }, search: "", generatedAt: new Date("2024-05-11T00:00:00Z") }),
    ).text();
    expect(html).toContain("secrets");
    expect(leaks(html)).toEqual([]);
  });

  it("shows in object history which keys changed, and which did not, without their values", () => {
    const history = objectHistoryFrom(db, { cluster: "prod", group: "", resource: "secrets", namespace: "prod", name: "db" });
    expect(leaks(JSON.stringify(history))).toEqual([]);
    const changed = history.entries.filter((e) => e.changes !== null);
    expect(changed.length).toBeGreaterThan(0);
    // create → update rotated the password and kept the api-key.
    const update = history.entries.find((e) => e.request.verb === "update")!;
    const paths = update.changes!.map((c) => c.path.join("."));
    expect(paths).toContain("data.password");
    expect(paths).not.toContain("data.api-key");
    const password = update.changes!.find((c) => c.path.join(".") === "data.password")!;
    expect(isMarker(password.before)).toBe(true);
    expect(isMarker(password.after)).toBe(true);
    expect(password.before).not.toBe(password.after);
  });

  it("adds nothing when the same file is read again, here or through the parse worker", async () => {
    expect(await ingestText(db, LOG)).toMatchObject({ events: EVENTS, added: 0, duplicates: EVENTS });
    expect(await ingestText(db, LOG, true)).toMatchObject({ events: EVENTS, added: 0, duplicates: EVENTS });
  });
});

describe("redaction settings and existing stores", () => {
  afterEach(() => delete process.env.AUDITLENS_REDACT);

  it("redacts on the parse worker's path too", async () => {
    const { db, file } = tempDb();
    expect(await ingestText(db, LOG, true)).toMatchObject({ added: EVENTS });
    expect(leaks(storedBytes(db, file))).toEqual([]);
  });

  it("AUDITLENS_REDACT=off stores events as received; any other value is refused by name", async () => {
    const { db, file } = tempDb();
    process.env.AUDITLENS_REDACT = "off";
    expect(await ingestText(db, LOG)).toMatchObject({ added: EVENTS });
    expect(leaks(storedBytes(db, file))).toEqual(VALUES);
    expect(() => withRedact("no", () => redactionOf(db))).toThrow('AUDITLENS_REDACT must be "on" or "off", not "no"');
    expect(withRedact(undefined, () => redactionOf(db))).toEqual({ salt: redactSaltOf(db) });
  });

  it("keeps one salt per store: made once, different between stores", () => {
    const a = tempDb();
    const b = tempDb();
    const salt = redactSaltOf(a.db);
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    expect(redactSaltOf(b.db)).not.toBe(salt);
    const again = openDb(a.file);
    try {
      expect(redactSaltOf(again)).toBe(salt);
    } finally {
      again.close();
    }
  });

  it("`auditlens redact` redacts a store written without redaction in place, copies riding along in blocks included", async () => {
    const { db, file } = tempDb();
    process.env.AUDITLENS_REDACT = "off";
    // Twice in one input through the parse worker: the second copies are duplicates whose bytes share the block.
    expect(await ingestText(db, LOG + LOG, true)).toMatchObject({ added: EVENTS, duplicates: EVENTS });
    delete process.env.AUDITLENS_REDACT;
    const before = summaryFrom(db);
    const eventCounts = db.prepare("SELECT id, event_count, flags FROM requests ORDER BY id").all();

    const summary = redactStore(db, redactSaltOf(db));
    expect(summary).toMatchObject({ requests: EVENTS, events: EVENTS, redacted: EVENTS, walBusy: false });
    expect(summary.blocksRewritten + summary.blocksRemoved).toBeGreaterThan(0);
    expect(leaks(storedBytes(db, file))).toEqual([]);
    expect(summaryFrom(db)).toEqual(before);
    expect(db.prepare("SELECT id, event_count, flags FROM requests ORDER BY id").all()).toEqual(eventCounts);

    // As if ingested with redaction: the same log adds nothing, and a second pass finds nothing to do.
    expect(await ingestText(db, LOG)).toMatchObject({ added: 0, duplicates: EVENTS });
    expect(redactStore(db, redactSaltOf(db))).toMatchObject({ redacted: 0, blocksRewritten: 0, blocksRemoved: 0 });
    const exported = await new Response(exportStreamFrom(db, filterFromParams({}), "jsonl")).text();
    expect(exported.trim().split("\n")).toHaveLength(EVENTS);
    expect(leaks(exported)).toEqual([]);
  });
});
