import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE, GET as getOne } from "@/app/api/v1/views/[id]/route";
import { GET as list, POST } from "@/app/api/v1/views/route";
import { closeDb } from "@/lib/store/sqlite/db";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-views-api-"));
  process.env.AUDITLENS_DB = path.join(dir, "store.db");
});
afterAll(() => {
  closeDb();
  delete process.env.AUDITLENS_DB;
  fs.rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown, contentType = "application/json") =>
  POST(new Request("http://localhost/api/v1/views", { method: "POST", headers: { "content-type": contentType }, body: JSON.stringify(body) }));
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe("/api/v1/views", () => {
  it("saves a view and answers with its id and short path", async () => {
    const res = await post({ name: "deletes", url: "/?verb=delete&cluster=prod" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; path: string; url: string };
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(body.path).toBe(`/v/${body.id}`);
    expect(body.url).toBe("/?cluster=prod&verb=delete");

    const listed = (await (await list(new Request("http://localhost/api/v1/views"))).json()) as { views: { id: string; name: string }[] };
    expect(listed.views.map((v) => [v.id, v.name])).toContainEqual([body.id, "deletes"]);
    expect((await getOne(new Request("http://localhost"), params(body.id))).status).toBe(200);

    expect((await DELETE(new Request("http://localhost", { method: "DELETE" }), params(body.id))).status).toBe(204);
    expect((await DELETE(new Request("http://localhost", { method: "DELETE" }), params(body.id))).status).toBe(404);
    expect((await getOne(new Request("http://localhost"), params(body.id))).status).toBe(404);
  });

  it.each([
    [{ name: "x", url: "https://evil.example/" }],
    [{ name: "x", url: "javascript:alert(1)" }],
    [{ name: "x", url: "//evil.example/path" }],
    [{ name: "", url: "/" }],
    [{ url: "/" }],
    ["not an object"],
  ])("refuses %j with 400", async (body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBeTruthy();
  });

  it("refuses a body that is not sent as JSON (a cross-site form cannot save views)", async () => {
    expect((await post({ name: "x", url: "/" }, "text/plain")).status).toBe(415);
  });
});
