import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { GET as objectsGET } from "@/app/api/v1/objects/route";
import { GET as requestGET } from "@/app/api/v1/requests/[id]/route";
import { GET as snapshotGET } from "@/app/api/v1/snapshot/route";
import { BoundedJsonTree } from "@/components/json/bounded-json-tree";
import { RequestDetail } from "@/components/requests/request-detail";
import { boundDepth, deeperThan } from "@/lib/format/bound-depth";
import { ingestStream } from "@/lib/ingest/pipeline";
import { diffVersions, TOO_DEEP } from "@/lib/audit/object-versions";
import { getRequestFrom } from "@/lib/store/sqlite/requests";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { get } from "../api/route-helpers";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";

const LEVELS = 10_000;
/** Built as text: JSON.stringify itself overflows on such a value. */
const deepJson = (leaf: string) => '{"a":'.repeat(LEVELS) + leaf + "}".repeat(LEVELS);

async function storeWithDeepBody() {
  const { db, file } = tempDb();
  const base = JSON.stringify(
    makeEvent({ level: "RequestResponse", verb: "update", objectRef: { resource: "configmaps", namespace: "prod", name: "deep", apiVersion: "v1" } }),
  );
  const body = (leaf: string) => `{"kind":"ConfigMap","metadata":{"name":"deep","namespace":"prod"},"data":${deepJson(leaf)}}`;
  const line = `${base.slice(0, -1)},"requestObject":${body("1")},"responseObject":${body("2")}}`;
  async function* source() {
    yield Buffer.from(line + "\n");
  }
  const run = await ingestStream(sqliteIngestTarget(db), source(), { cluster: "default", source: "cli", filename: "deep.log" });
  expect(run.added).toBe(1);
  process.env.AUDITLENS_DB = file;
  return db;
}

describe("a stored request whose body nests 10 000 levels", () => {
  it("answers on the request API, the snapshot and the object history", async () => {
    await storeWithDeepBody();
    const detail = await requestGET(get("/api/v1/requests/1"), { params: Promise.resolve({ id: "1" }) });
    expect(detail.status).toBe(200);
    expect((await detail.json()).events[0].raw).toContain(deepJson("1"));
    const snapshot = (await snapshotGET(get("/api/v1/snapshot")));
    expect(snapshot.status).toBe(200);
    expect(await snapshot.text()).toContain("deep");
    const history = (await objectsGET(get("/api/v1/objects?resource=configmaps&name=deep&ns=prod")));
    expect(history.status).toBe(200);
    const entries = (await history.json()).entries;
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0].object)).toContain(TOO_DEEP);
  });

  it("renders the request page with the deep levels collapsed into one placeholder", async () => {
    const db = await storeWithDeepBody();
    const request = getRequestFrom(db, 1)!;
    const html = renderToString(createElement(RequestDetail, { request, related: { items: [], total: 0 } }));
    expect(html).toContain('data-testid="body-responseObject"');
    expect(html).toContain('data-testid="stage-event"');
    // "Expand all" opens every level the tree holds: TREE_DEPTH, then one placeholder.
    const body = JSON.parse(request.events[0]!.raw).responseObject as unknown;
    const expanded = renderToString(createElement(BoundedJsonTree, { value: body, label: "responseObject", defaultDepth: Infinity }));
    expect(expanded.match(/data-testid="json-too-deep"/g)).toHaveLength(1);
  });

  it("bounds a tree's value without recursion, keeping what is shallow as it was", () => {
    const deep = JSON.parse(deepJson("1")) as unknown;
    expect(deeperThan(deep, 64)).toBe(true);
    const { value, cut } = boundDepth(deep, 3, () => "cut");
    expect(cut).toBe(true);
    expect(value).toEqual({ a: { a: { a: "cut" } } });
    const shallow = { a: [1, { b: 2 }], ["__proto__"]: { c: 3 } };
    expect(boundDepth(shallow, 3, () => "cut").value).toBe(shallow);
    const trimmed = boundDepth(JSON.parse('{"__proto__":{"x":{"y":1}}}'), 2, () => "cut").value as Record<string, unknown>;
    expect(Object.hasOwn(trimmed, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(trimmed)).toBe(Object.prototype);
    expect(renderToString(createElement(BoundedJsonTree, { value: deep, label: "deep", defaultDepth: Infinity }))).toContain("json-too-deep");
  });

  // Changes below HISTORY_DEPTH are not compared; the version shows TOO_DEEP where it was cut.
  it("diffs two deep versions of an object once bounded", () => {
    const before = boundDepth({ data: JSON.parse(deepJson("1")) }, 256, () => TOO_DEEP).value as Record<string, unknown>;
    const after = boundDepth({ data: JSON.parse(deepJson("2")), extra: 1 }, 256, () => TOO_DEEP).value as Record<string, unknown>;
    expect(diffVersions(before, after).map((c) => c.path)).toEqual([["extra"]]);
  });
});
