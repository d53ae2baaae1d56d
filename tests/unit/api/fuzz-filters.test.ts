import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GET as requestsGET } from "@/app/api/v1/requests/route";
import { GET as statsGET } from "@/app/api/v1/stats/route";
import { InvalidParameterError, QuerySyntaxError } from "@/lib/query/errors";
import { FIELD_NAMES } from "@/lib/query/fields";
import { filterFromParams, readFilter } from "@/lib/query/filter";
import { parseQuery } from "@/lib/query/parse";
import { readView } from "@/lib/query/view";
import { countRequests } from "@/lib/store/sqlite/requests";
import { makeEvent } from "../helpers/events";
import { get, storeForRoutes } from "./route-helpers";

const RUNS = 150;

/** Pieces the query language is made of, so generated queries reach past the lexer. */
const piece = fc.oneof(
  fc.constantFrom(...FIELD_NAMES, "namespace", "constructor", "toString", "__proto__", "Verb", "x_y"),
  fc.constantFrom(":", ",", " ", "  ", "(", ")", "-", "OR", '"', "\\", "*", ">=", "<", "!=", "=", "/", ".", "xx", "4xx"),
  fc.constantFrom("get", "alice", "pods/log", "*/exec", "10.0.0.0/8", "::1/129", "1.2.3.4/33", "404", "500.5", "Panic", "forbid", "future", "", "é", "\u0000"),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -5, max: 100_000 }).map(String),
);
const query = fc.oneof(
  fc.array(piece, { maxLength: 24 }).map((p) => p.join("")),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  // Long repetitions: 1000 ANDed words made SQLite refuse the expression tree (an HTTP 500).
  fc.tuple(fc.array(piece, { minLength: 1, maxLength: 3 }), fc.constantFrom(" ", " OR ", ","), fc.integer({ min: 1, max: 1000 })).map(([p, sep, n]) =>
    Array.from({ length: n }, () => p.join("")).join(sep).slice(0, 2000),
  ),
);

/** A value for a parameter: mostly garbage, some shaped like what the key takes. */
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("", " ", ",", ",,", "get,list", "24h", "25h", "hide", "1", "0", "-1", "1e3", "50", "1000", "404,500", "2024-05-10", "2024-13-01",
    "2024-05-10T12:00:00Z", "2024-05-10T12:00:00.123456+02:00", "garbage", "time,user", "bogus", "latency", "code", "constructor", "MTox", "TDpuOjE"),
  fc.string({ minLength: 1990, maxLength: 2100 }),
);

const FILTER_KEYS = ["q", "range", "noise", "cluster", "user", "verb", "resource", "namespace", "code", "from", "to"];
const VIEW_KEYS = ["stack", "sort", "cols", "live"];
const PAGE_KEYS = ["limit", "cursor"];

describe("fuzzing the query language", () => {
  it("parses or throws QuerySyntaxError, never anything else", () => {
    fc.assert(
      fc.property(query, (q) => {
        try {
          parseQuery(q);
        } catch (e) {
          if (!(e instanceof QuerySyntaxError)) throw e;
          expect(e.position).toBeGreaterThanOrEqual(0);
          expect(e.position).toBeLessThanOrEqual(q.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("a thousand words is a QuerySyntaxError, not a database error", async () => {
    const db = await storeForRoutes([makeEvent()]);
    expect(() => countRequests(db, { q: "a ".repeat(999) + "a" })).toThrow(QuerySyntaxError);
    expect(countRequests(db, { q: "a ".repeat(255) + "a" })).toBe(1);
  });

  it("a query that parses runs on a real store; one that does not is a QuerySyntaxError", async () => {
    const db = await storeForRoutes([makeEvent(), makeEvent({ verb: "delete", user: { username: "bob" } })]);
    fc.assert(
      fc.property(query, (q) => {
        try {
          expect(countRequests(db, { q })).toBeGreaterThanOrEqual(0);
        } catch (e) {
          if (!(e instanceof QuerySyntaxError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("fuzzing every filter, view and paging parameter", () => {
  it("each value is applied, or a 400 naming that parameter", async () => {
    await storeForRoutes([makeEvent(), makeEvent({ verb: "delete", user: { username: "bob" } })]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FILTER_KEYS, ...VIEW_KEYS, ...PAGE_KEYS), value, async (key, v) => {
        const params = new URLSearchParams({ [key]: v });
        const res = (await requestsGET(get(`/api/v1/requests?${params.toString()}`)));
        const body = await res.json();
        if (res.status === 400) {
          expect(body.parameter).toBe(key);
          expect(typeof body.error).toBe("string");
          return;
        }
        expect(res.status).toBe(200);
        if (v.trim() === "") return;
        // Applied: the value the handler used is the one given, not a default put in its place.
        if (FILTER_KEYS.includes(key)) expect(readFilter(params).filter).toHaveProperty(key);
        if (VIEW_KEYS.includes(key)) expect(readView(params).issues).toEqual([]);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it("any mix of parameters on stats is a 200 or a 400 naming one of them", async () => {
    await storeForRoutes([makeEvent()]);
    const keys = [...FILTER_KEYS, ...VIEW_KEYS, "facetLimit", "facet"];
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 4 }), async (dict) => {
        const params = new URLSearchParams(dict);
        const res = (await statsGET(get(`/api/v1/stats?${params.toString()}`)));
        if (res.status === 400) {
          const { parameter } = await res.json();
          expect(keys).toContain(parameter);
          expect(Object.keys(dict)).toContain(parameter);
        } else {
          expect(res.status).toBe(200);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("readFilter throws nothing, and filterFromParams only InvalidParameterError", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FILTER_KEYS, "constructor", "__proto__", "toString"), fc.oneof(value, fc.array(value, { maxLength: 3 }))), (dict) => {
        const { issues } = readFilter(dict);
        for (const i of issues) expect(Object.keys(dict)).toContain(i.parameter);
        try {
          filterFromParams(dict);
          expect(issues).toEqual([]);
        } catch (e) {
          if (!(e instanceof InvalidParameterError)) throw e;
          expect(e.parameter).toBe(issues[0]?.parameter);
        }
      }),
      { numRuns: 300 },
    );
  });
});
