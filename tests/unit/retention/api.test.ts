import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as retention } from "@/app/api/v1/retention/route";
import { DELETE as deleteRunRoute } from "@/app/api/v1/runs/[id]/route";
import { GET as store } from "@/app/api/v1/store/route";
import type { StoreStatus } from "@/lib/retention/actions";
import { closeDb, ingestDb } from "@/lib/store/sqlite/db";
import { createRun } from "@/lib/store/sqlite/runs";
import { makeEvent } from "../helpers/events";
import { ingestEvents } from "../helpers/ingest-events";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-retention-api-"));
  process.env.AUDITLENS_DB = path.join(dir, "store.db");
});
afterAll(() => {
  closeDb();
  delete process.env.AUDITLENS_DB;
  fs.rmSync(dir, { recursive: true, force: true });
});

const json = (method: string, body: unknown, contentType: string | null = "application/json") =>
  new Request("http://localhost/api/v1/x", {
    method,
    headers: contentType ? { "content-type": contentType } : {},
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const status = async (): Promise<StoreStatus> => (await store(new Request("http://localhost/api/v1/store"))).json() as Promise<StoreStatus>;
const at = (day: number) => `2024-05-${String(day).padStart(2, "0")}T12:00:00.000000Z`;

describe("the store and retention API", () => {
  it("reports the store's size, span and counts", async () => {
    await ingestEvents(ingestDb(), [1, 2, 3].map((d) => makeEvent({ requestReceivedTimestamp: at(d), stageTimestamp: at(d) })));
    const s = await status();
    expect(s.store).toMatchObject({ requests: 3, events: 3, runs: 1, oldest: at(1), newest: at(3) });
    expect(s.store.usedBytes).toBe((s.store.pageCount - s.store.freePages) * s.store.pageSize);
    expect(s.retention).toMatchObject({ settings: { days: null, maxGb: null }, error: null, last: null });
  });

  it("deletes everything before a time, and refuses what is not a JSON object with an ISO time", async () => {
    expect((await retention(json("POST", { before: at(2) }, "text/plain"))).status).toBe(415);
    expect((await retention(json("POST", "before=2024-05-02", "application/x-www-form-urlencoded"))).status).toBe(415);
    expect((await retention(json("POST", { before: "yesterday" }))).status).toBe(400);
    expect((await retention(json("POST", { before: at(2), after: at(1) }))).status).toBe(400);
    expect((await retention(json("POST", "{"))).status).toBe(400);
    const res = await retention(json("POST", { before: at(2) }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ before: at(2), deleted: { requests: 1, events: 1 } });
    expect((await status()).store).toMatchObject({ requests: 2, oldest: at(2) });
  });

  it("says there is no policy to apply when none is configured", async () => {
    const res = await retention(json("POST", {}));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/AUDITLENS_RETENTION_DAYS/);
  });

  it("deletes a finished run, not a running one, and says when there is none", async () => {
    const { runId } = await ingestEvents(ingestDb(), [makeEvent({ requestReceivedTimestamp: at(9), stageTimestamp: at(9) })]);
    expect((await status()).store.requests).toBe(3);
    expect((await deleteRunRoute(json("DELETE", "x", "text/plain"), params(String(runId)))).status).toBe(415);
    expect((await deleteRunRoute(json("DELETE", undefined, null), params("abc"))).status).toBe(400);
    expect((await deleteRunRoute(json("DELETE", { force: true }), params(String(runId)))).status).toBe(400);
    const res = await deleteRunRoute(json("DELETE", undefined, null), params(String(runId)));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ runId, deleted: { requests: 1, events: 1, runs: 1 } });
    expect((await status()).store).toMatchObject({ requests: 2, newest: at(3) });
    expect((await deleteRunRoute(json("DELETE", {}), params(String(runId)))).status).toBe(404);

    const running = createRun(ingestDb(), "upload", "big.log", "default");
    expect((await deleteRunRoute(json("DELETE", {}), params(String(running)))).status).toBe(409);
  });
});
