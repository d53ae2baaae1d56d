import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/ingest/route";
import { UploadRefused, uploadLimits, type UploadLimits } from "@/lib/ingest/upload-limits";
import { ingestUpload, UploadTimedOut } from "@/lib/ingest/worker/ingest-in-worker";
import { closeDb, ingestDb } from "@/lib/store/sqlite/db";
import { summaryFrom } from "@/lib/store/sqlite/requests";
import { listRunsFrom } from "@/lib/store/sqlite/runs";
import { jsonLines, makeEvent } from "../helpers/events";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-upload-limits-"));
  process.env.AUDITLENS_DB = path.join(dir, "store.db");
});
afterAll(() => {
  closeDb();
  delete process.env.AUDITLENS_DB;
  delete process.env.AUDITLENS_UPLOADS_PER_USER;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An upload that sends `events` and then waits for `release` before it ends (or forever). */
function stalled(events: object[], release: Promise<void> = new Promise(() => {})): AsyncGenerator<Uint8Array> {
  return (async function* () {
    yield Buffer.from(jsonLines(events));
    await release;
  })();
}

const opts = (owner: string) => ({ cluster: "up", filename: "a.log", source: "upload" as const, expectedBytes: 100, owner });

describe("concurrent uploads", () => {
  const limits: UploadLimits = { AUDITLENS_UPLOADS_MAX: 2, AUDITLENS_UPLOADS_PER_USER: 1, AUDITLENS_UPLOAD_IDLE_SECONDS: 60 };

  it("are refused past the per-user and the overall limit, and admitted again once one ends", async () => {
    let endAlice!: () => void;
    const alice = ingestUpload(stalled([makeEvent()], new Promise((r) => (endAlice = r))), opts("alice"), limits);
    await expect(ingestUpload(stalled([]), opts("alice"), limits)).rejects.toThrow(/AUDITLENS_UPLOADS_PER_USER/);
    let endBob!: () => void;
    const bob = ingestUpload(stalled([makeEvent()], new Promise((r) => (endBob = r))), opts("bob"), limits);
    const refused = await ingestUpload(stalled([]), opts("carol"), limits).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UploadRefused);
    expect(refused).toMatchObject({ retryAfter: expect.any(Number), message: expect.stringMatching(/AUDITLENS_UPLOADS_MAX/) });

    endAlice();
    expect(await alice).toMatchObject({ events: 1 });
    expect(await ingestUpload(stalled([makeEvent()], Promise.resolve()), opts("alice"), limits)).toMatchObject({ events: 1 });
    endBob();
    await bob;
  });

  it("are ended when they send nothing for the idle time, keeping what arrived and marking the run", async () => {
    const idle = { ...limits, AUDITLENS_UPLOAD_IDLE_SECONDS: 1 };
    const before = summaryFrom(ingestDb()).events;
    for (const expectedBytes of [100, null]) {
      const err = await ingestUpload(stalled([makeEvent(), makeEvent(), makeEvent()]), { ...opts("dave"), expectedBytes }, idle).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UploadTimedOut);
      expect((err as UploadTimedOut).summary).toMatchObject({ events: 3, added: 3 });
      expect(listRunsFrom(ingestDb(), 1)[0]).toMatchObject({ status: "failed", added: 3, failure: expect.stringMatching(/sent nothing for 1 s/) });
    }
    expect(summaryFrom(ingestDb()).events).toBe(before + 6);
    // The slots were given back.
    expect(await ingestUpload(stalled([makeEvent()], Promise.resolve()), opts("dave"), idle)).toMatchObject({ events: 1 });
  }, 30_000);

  it("takes its limits from the environment, and names an invalid one", () => {
    expect(uploadLimits({})).toEqual({ AUDITLENS_UPLOADS_MAX: 4, AUDITLENS_UPLOADS_PER_USER: 2, AUDITLENS_UPLOAD_IDLE_SECONDS: 60 });
    expect(uploadLimits({ AUDITLENS_UPLOADS_MAX: "10", AUDITLENS_UPLOAD_IDLE_SECONDS: "5" })).toMatchObject({ AUDITLENS_UPLOADS_MAX: 10, AUDITLENS_UPLOAD_IDLE_SECONDS: 5 });
    expect(() => uploadLimits({ AUDITLENS_UPLOADS_PER_USER: "0" })).toThrow("AUDITLENS_UPLOADS_PER_USER must be at least 1");
    expect(() => uploadLimits({ AUDITLENS_UPLOADS_MAX: "many" })).toThrow("AUDITLENS_UPLOADS_MAX must be a whole number");
  });

  it("POST /api/v1/ingest answers 429 with Retry-After and a JSON error", async () => {
    process.env.AUDITLENS_UPLOADS_PER_USER = "1";
    let end!: () => void;
    const ended = new Promise<void>((r) => (end = r));
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode(jsonLines([makeEvent()])));
        await ended;
        controller.close();
      },
    });
    const post = (b: BodyInit) =>
      POST(new Request("http://localhost/api/v1/ingest?cluster=up", { method: "POST", body: b, headers: { "content-length": "10", "content-type": "application/octet-stream" }, duplex: "half" } as RequestInit));
    const first = post(body);
    const second = await post(jsonLines([makeEvent()]));
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await second.json()).toEqual({ error: expect.stringMatching(/AUDITLENS_UPLOADS_PER_USER/) });
    end();
    expect((await first).status).toBe(200);
  });
});
