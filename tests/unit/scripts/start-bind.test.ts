import { spawnSync } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the start script, without types
import { vouchForPeerAddresses } from "../../../scripts/peer-address.mjs";
import { peerAddress } from "@/lib/auth/peer";

const START = path.resolve(__dirname, "../../../scripts/start.mjs");
const SIGN_IN_VARIABLES = ["AUDITLENS_USERS_FILE", "AUDITLENS_ACCESS_TOKEN", "AUDITLENS_OIDC_ISSUER", "AUDITLENS_PROXY_USER_HEADER"];

describe("npm start", () => {
  it("refuses to listen beyond loopback without a sign-in method, and says how to configure one", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: "0.0.0.0", AUDITLENS_HOST: "" };
    for (const k of SIGN_IN_VARIABLES) delete env[k];
    const run = spawnSync(process.execPath, [START], { env, encoding: "utf8", timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("refusing to listen on 0.0.0.0 without sign-in");
    expect(run.stderr).toContain("AUDITLENS_USERS_FILE");
    const flag = spawnSync(process.execPath, [START, "-H", "10.1.2.3"], { env: { ...env, HOST: "" }, encoding: "utf8", timeout: 30_000 });
    expect(flag.status).toBe(1);
    expect(flag.stderr).toContain("refusing to listen on 10.1.2.3");
  });

  it("refuses an AUDITLENS_LOG_FORMAT it does not know, naming it, before building or serving", () => {
    const run = spawnSync(process.execPath, [START], { env: { ...process.env, AUDITLENS_LOG_FORMAT: "logfmt" }, encoding: "utf8", timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('AUDITLENS_LOG_FORMAT must be "text" or "json", not "logfmt"');
  });
});

const originalListen = http.Server.prototype.listen;
afterEach(() => {
  http.Server.prototype.listen = originalListen;
  delete process.env.AUDITLENS_PEER_SECRET;
});

describe("the peer address npm start vouches for", () => {
  it("replaces whatever the client sent, and only it is believed", async () => {
    vouchForPeerAddresses();
    const seen: (string | null)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(peerAddress((req.headers["x-auditlens-peer"] as string | undefined) ?? null));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-auditlens-peer": "guess 10.9.9.9" } });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(seen).toEqual(["127.0.0.1"]);
    expect(peerAddress("guess 10.9.9.9")).toBeNull();
  });
});
