import { describe, expect, it } from "vitest";
import { GET as exportGET } from "@/app/api/v1/export/route";
import { GET as objectsGET } from "@/app/api/v1/objects/route";
import { GET as requestsGET } from "@/app/api/v1/requests/route";
import { GET as runsGET } from "@/app/api/v1/runs/route";
import { GET as snapshotGET } from "@/app/api/v1/snapshot/route";
import { GET as statsGET } from "@/app/api/v1/stats/route";
import { GET as suggestGET } from "@/app/api/v1/suggest/route";
import { encodeCursor } from "@/lib/query/cursor";
import { readViewState } from "@/lib/query/view-state";
import { makeEvent } from "../helpers/events";
import { get, storeForRoutes } from "./route-helpers";

const FILTER_ROUTES = {
  requests: (qs: string) => requestsGET(get(`/api/v1/requests?${qs}`)),
  stats: (qs: string) => statsGET(get(`/api/v1/stats?${qs}`)),
  exportCsv: (qs: string) => exportGET(get(`/api/v1/export?format=csv&${qs}`)),
  exportJsonl: (qs: string) => exportGET(get(`/api/v1/export?${qs}`)),
  snapshot: (qs: string) => snapshotGET(get(`/api/v1/snapshot?${qs}`)),
  suggest: (qs: string) => suggestGET(get(`/api/v1/suggest?field=user&${qs}`)),
};

const longList = Array.from({ length: 400 }, (_, i) => `cluster-${i}`).join(",");

/** Each was answered 200 for the whole store before: the value was dropped. */
const INVALID_FILTERS: [string, string][] = [
  [`q=${"a".repeat(2001)}`, "q"],
  [`cluster=${longList}`, "cluster"],
  ["to=2024-13-01", "to"],
  ["from=garbage", "from"],
  ["code=1000", "code"],
  ["code=abc", "code"],
  ["range=25h", "range"],
  ["noise=show", "noise"],
  ["verb=,,", "verb"],
  ["range=24h&from=2024-05-10", "range"],
  ["from=2024-05-11&to=2024-05-10", "to"],
  ["range=1h&range=24h", "range"],
];

const INVALID_VIEW: [string, string][] = [
  ["stack=bogus", "stack"],
  ["stack=verb&stack=code", "stack"],
  ["sort=size", "sort"],
  ["cols=time,bogus", "cols"],
  ["live=yes", "live"],
];

async function seeded() {
  await storeForRoutes([makeEvent({ user: { username: "alice" } }), makeEvent({ user: { username: "bob" }, verb: "delete" })]);
}

describe("invalid filter values are a 400 naming the parameter, on every route that takes filters", () => {
  for (const [route, call] of Object.entries(FILTER_ROUTES)) {
    it.each(INVALID_FILTERS)(`${route}: %s → 400 naming %s`, async (qs, parameter) => {
      await seeded();
      const res = await call(qs);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.parameter).toBe(parameter);
      expect(body.error).toMatch(new RegExp(`^${parameter}\\b`));
    });
  }

  it.each(INVALID_VIEW)("requests, stats and snapshot refuse the view setting %s, naming %s", async (qs, parameter) => {
    await seeded();
    for (const call of [FILTER_ROUTES.requests, FILTER_ROUTES.stats, FILTER_ROUTES.snapshot]) {
      const res = await call(qs);
      expect(res.status).toBe(400);
      expect((await res.json()).parameter).toBe(parameter);
    }
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=abc", "limit"],
    ["limit=1001", "limit"],
    ["cursor=%%%", "cursor"],
    ["cursor=bm9wZQ", "cursor"],
    // A time cursor handed to the latency sort used to restart at page 1 unannounced.
    [`sort=latency&cursor=${encodeCursor({ ts: 1, id: 1 })}`, "cursor"],
  ])("requests refuses paging %s, naming %s", async (qs, parameter) => {
    await seeded();
    const res = await FILTER_ROUTES.requests(qs);
    expect(res.status).toBe(400);
    expect((await res.json()).parameter).toBe(parameter);
  });

  it.each([
    ["facetLimit=0", "facetLimit"],
    ["facetLimit=lots", "facetLimit"],
    ["facet=colour", "facet"],
  ])("stats refuses %s, naming %s", async (qs, parameter) => {
    await seeded();
    const res = await FILTER_ROUTES.stats(qs);
    expect(res.status).toBe(400);
    expect((await res.json()).parameter).toBe(parameter);
  });

  it("suggest, runs and objects name their own parameters", async () => {
    await seeded();
    for (const [res, parameter] of [
      [(await suggestGET(get("/api/v1/suggest?field=colour"))), "field"],
      [(await suggestGET(get("/api/v1/suggest"))), "field"],
      [(await suggestGET(get("/api/v1/suggest?field=user&limit=99"))), "limit"],
      [(await runsGET(get("/api/v1/runs?limit=nope"))), "limit"],
      [(await objectsGET(get("/api/v1/objects?resource=pods&name=web-1&ns=prod&order=sideways"))), "order"],
      [(await objectsGET(get("/api/v1/objects?resource=pods&name=web-1&ns=prod&fields=some"))), "fields"],
    ] as const) {
      expect(res.status).toBe(400);
      expect((await res.json()).parameter).toBe(parameter);
    }
  });

  it("keeps the position of a query-language error, and names q", async () => {
    await seeded();
    const res = await FILTER_ROUTES.requests("q=verb:get%20code:%3E%3Dx");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'code takes a status code such as 404, 4xx or >=400, not "x"', position: 16, parameter: "q" });
  });

  it("applies valid values, repeated list keys joined, empty ones as absent", async () => {
    await seeded();
    const all = await (await FILTER_ROUTES.requests("q=&range=&verb=")).json();
    expect(all.total).toBe(2);
    const both = await (await FILTER_ROUTES.requests("user=alice&user=bob&code=200")).json();
    expect(both.total).toBe(2);
    const one = await (await FILTER_ROUTES.requests("verb=delete&to=2030-01-01&from=2024-01-01T00:00")).json();
    expect(one.items.map((r: { user: string }) => r.user)).toEqual(["bob"]);
  });

  it("an export with an invalid q streams nothing", async () => {
    await seeded();
    const res = await FILTER_ROUTES.exportCsv(`q=${"verb:get ".repeat(300)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-disposition")).toBeNull();
  });
});

describe("what a page draws around an invalid link", () => {
  it("keeps each invalid key at its default, and names it", () => {
    const state = readViewState({ stack: ["verb", "code"], sort: "size", verb: ["get", "list"], to: "garbage", limit: "0" });
    expect(state.view).toMatchObject({ stack: "verb", sort: "time" });
    expect(state.filter).toEqual({ verb: ["get", "list"] });
    expect(state.page.limit).toBe(50);
    expect(state.issues.map((i) => i.parameter).sort()).toEqual(["limit", "sort", "stack", "to"]);
  });
});
