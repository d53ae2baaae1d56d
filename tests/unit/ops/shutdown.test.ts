import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLiveSources, sourcesStatus } from "@/lib/ingest/live-sources";
import { shutdown } from "@/lib/ops/shutdown";
import { receiveWebhook } from "@/lib/ingest/webhook";
import { closeDb, openDb } from "@/lib/store/sqlite/db";
import { loadTailPosition } from "@/lib/store/sqlite/tail-positions";
import { jsonLines, makeEvent } from "../helpers/events";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-shutdown-"));
  process.env.AUDITLENS_DB = path.join(dir, "store.db");
  process.env.AUDITLENS_TAIL = path.join(dir, "audit.log");
});
afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
  delete process.env.AUDITLENS_DB;
  delete process.env.AUDITLENS_TAIL;
});

describe("shutdown", () => {
  it("answers the request in progress, saves the tail position, ends live runs as done, closes the store, exits 0", async () => {
    fs.writeFileSync(path.join(dir, "audit.log"), jsonLines([makeEvent({ auditID: "t-1" }), makeEvent({ auditID: "t-2" })]));
    startLiveSources();
    await expect.poll(() => sourcesStatus().tail[0]?.events).toBe(2);

    // A request that is still being answered when the signal comes.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = http.createServer((_req, res) => void held.then(() => res.end("stored")));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    (globalThis as Record<symbol, unknown>)[Symbol.for("auditlens.httpServers")] = new Set([server]);
    const { port } = server.address() as AddressInfo;
    const answer = fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    await expect.poll(() => new Promise((resolve) => server.getConnections((_e, n) => resolve(n)))).toBe(1);

    const codes: number[] = [];
    const stopping = shutdown("SIGTERM", (code) => codes.push(code));
    // Not accepting any more, and not done while the request is in progress.
    await expect.poll(() => server.listening).toBe(false);
    expect(codes).toEqual([]);
    release();
    expect(await answer).toBe("stored");
    await stopping;
    expect(codes).toEqual([0]);

    const store = openDb(path.join(dir, "store.db"));
    try {
      expect(loadTailPosition(store, path.join(dir, "audit.log"))?.offset).toBe(fs.statSync(path.join(dir, "audit.log")).size);
      expect(store.prepare("SELECT source, status FROM runs").all()).toEqual([{ source: "tail", status: "done" }]);
      // A delivery on a connection still open is sent back, to be retried against the next Auditlens.
      const late = await receiveWebhook(
        sqliteIngestTarget(store),
        { authorization: "Bearer t", contentLength: 2, body: (async function* () { yield Buffer.from("{}"); })() },
        "default",
        { AUDITLENS_WEBHOOK_TOKEN: "t", AUDITLENS_WEBHOOK_MAX_BYTES: 1 << 20, AUDITLENS_WEBHOOK_QUEUE: 8 },
      );
      expect(late).toMatchObject({ status: 503, retryAfter: 5 });
    } finally {
      store.close();
    }
  });
});
