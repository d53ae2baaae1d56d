import { describe, expect, it } from "vitest";
import { canonicalViewUrl, InvalidViewUrlError } from "@/lib/views/canonical-url";
import { freezeRange } from "@/lib/views/freeze-range";
import { filterFromParams } from "@/lib/query/filter";
import { parseMicros } from "@/lib/time/micros";

describe("canonicalViewUrl", () => {
  it("sorts keys, sorts and dedupes lists, and leaves defaults out", () => {
    expect(canonicalViewUrl("/?verb=patch,delete,patch&cluster=prod&stack=verb&sort=time")).toBe("/?cluster=prod&verb=delete%2Cpatch");
    expect(canonicalViewUrl("/?sort=latency&stack=code&q=user%3Aalice")).toBe("/?q=user%3Aalice&sort=latency&stack=code");
  });

  it("gives equal views equal URLs whatever the parameter order", () => {
    const a = canonicalViewUrl("/?range=24h&q=verb:delete&noise=hide");
    const b = canonicalViewUrl("/?noise=hide&q=verb%3Adelete&range=24h&cursor=abc");
    expect(a).toBe(b);
  });

  it("drops the page position and the default page size, keeps a chosen one", () => {
    expect(canonicalViewUrl("/?cursor=MTox&limit=50")).toBe("/");
    expect(canonicalViewUrl("/?cursor=stale&limit=200")).toBe("/?limit=200");
  });

  // A view saved without the filter it was given would show the whole store under the filter's name.
  it.each([
    ["/?range=3y", "range"],
    ["/?code=abc", "code"],
    ["/?code=1000", "code"],
    ["/?to=2024-13-01", "to"],
    ["/?limit=0", "limit"],
    ["/?stack=bogus", "stack"],
    ["/?cols=time,bogus", "cols"],
  ])("refuses %s, naming %s", (url, parameter) => {
    expect(() => canonicalViewUrl(url)).toThrow(InvalidViewUrlError);
    expect(() => canonicalViewUrl(url)).toThrow(`${parameter}:`);
  });

  it("keeps columns only when they differ from the default set", () => {
    expect(canonicalViewUrl("/?cols=time,user,verb,resource,object,code,latency")).toBe("/");
    expect(canonicalViewUrl("/?cols=time,sourceIP")).toBe("/?cols=time%2CsourceIP");
  });

  it("passes through parameters another page owns, and keeps the path", () => {
    expect(canonicalViewUrl("/objects?resource=configmaps&name=cfg&group=core&cluster=a")).toBe(
      "/objects?cluster=a&group=core&name=cfg&resource=configmaps",
    );
    expect(canonicalViewUrl("/actors/system%3Aadmin?range=1h")).toBe("/actors/system%3Aadmin?range=1h");
  });

  it.each([
    "https://evil.example/?q=x",
    "//evil.example/",
    "/\\evil.example/",
    "/.//evil.example/",
    "/a/..//evil.example",
    "/a/%2e%2e//evil.example",
    "javascript:alert(1)",
    " /",
    "/\t/evil.example",
    "?verb=get",
    "/api/v1/requests?verb=get",
    "/v/abcdefgh",
    "/_next/static/x.js",
    "",
  ])("refuses %j", (url) => {
    expect(() => canonicalViewUrl(url)).toThrow(InvalidViewUrlError);
  });
});

describe("freezeRange", () => {
  const newest = "2024-05-10T12:00:00.123456Z";
  const ctx = { newestUs: parseMicros(newest) };

  it("turns last 24 h into the absolute window it covers now, ending just after the newest request", () => {
    const frozen = freezeRange(filterFromParams({ range: "24h", verb: "get" }), ctx);
    expect(frozen.range).toBeUndefined();
    expect(frozen.from).toBe("2024-05-09T12:00:00.123Z");
    expect(frozen.to).toBe("2024-05-10T12:00:00.124Z");
    expect(frozen.verb).toEqual(["get"]);
  });

  it("leaves views without a relative range, and empty stores, as they are", () => {
    const absolute = filterFromParams({ from: "2024-05-01T00:00:00Z" });
    expect(freezeRange(absolute, ctx)).toEqual(absolute);
    const relative = filterFromParams({ range: "1h" });
    expect(freezeRange(relative, { newestUs: null })).toEqual(relative);
  });

  it("is written out by canonicalViewUrl as from/to", () => {
    expect(canonicalViewUrl("/?range=15m&cluster=x", { transform: (f) => freezeRange(f, ctx) })).toBe(
      "/?cluster=x&from=2024-05-10T11%3A45%3A00.123Z&to=2024-05-10T12%3A00%3A00.124Z",
    );
  });
});
