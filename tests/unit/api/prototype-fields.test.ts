import { describe, expect, it } from "vitest";
import { GET as exportGET } from "@/app/api/v1/export/route";
import { GET as requestsGET } from "@/app/api/v1/requests/route";
import { GET as snapshotGET } from "@/app/api/v1/snapshot/route";
import { GET as statsGET } from "@/app/api/v1/stats/route";
import { GET as suggestGET } from "@/app/api/v1/suggest/route";
import { resolveField } from "@/lib/query/fields";
import { makeEvent } from "../helpers/events";
import { get, storeForRoutes } from "./route-helpers";

const NAMES = ["constructor", "toString", "hasOwnProperty", "valueOf", "__proto__", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString"];

describe("query fields named like Object.prototype members", () => {
  it.each(NAMES)("%s is an unknown field, not a prototype member", (name) => {
    expect(resolveField(name)).toBeNull();
  });

  // These were HTTP 500s: FIELD_ALIASES["constructor"] is Object, which the parser took for a field.
  // (`__proto__:x` is free text: a field name starts with a letter.)
  it.each(NAMES.filter((n) => n !== "__proto__"))("%s:x is a 400 naming q on requests, stats, export and snapshot", async (name) => {
    await storeForRoutes([makeEvent()]);
    const q = encodeURIComponent(`${name}:x`);
    for (const res of [
      (await requestsGET(get(`/api/v1/requests?q=${q}`))),
      (await statsGET(get(`/api/v1/stats?q=${q}`))),
      (await exportGET(get(`/api/v1/export?format=csv&q=${q}`))),
      (await snapshotGET(get(`/api/v1/snapshot?q=${q}`))),
    ]) {
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body).toMatchObject({ parameter: "q", position: 0 });
      expect(body.error).toMatch(/^Unknown field/);
    }
    expect((await suggestGET(get(`/api/v1/suggest?field=${name}`))).status).toBe(400);
  });
});
