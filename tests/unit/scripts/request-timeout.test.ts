import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the start script, without types
import { withoutRequestTimeout } from "../../../scripts/request-timeout.mjs";

const original = http.createServer;

describe("withoutRequestTimeout (npm start)", () => {
  afterEach(() => {
    http.createServer = original;
  });

  it("lets a server made afterwards wait for a request body as long as it takes", () => {
    expect(http.createServer().requestTimeout).toBe(300_000);
    withoutRequestTimeout();
    const server = http.createServer(() => {});
    expect(server).toBeInstanceOf(http.Server);
    expect(server.requestTimeout).toBe(0);
    // Headers must still arrive in time: idle clients do not hold connections open.
    expect(server.headersTimeout).toBe(60_000);
  });
});
