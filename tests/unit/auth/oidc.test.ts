import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as callback } from "@/app/api/v1/login/oidc/callback/route";
import { GET as start } from "@/app/api/v1/login/oidc/route";
import { GET as me } from "@/app/api/v1/me/route";
import { closeDb } from "@/lib/store/sqlite/db";
import os from "node:os";
import { startFakeProvider } from "./fake-oidc-provider";

const PUBLIC_URL = "http://127.0.0.1:3999";
let provider: Awaited<ReturnType<typeof startFakeProvider>>;
let dir: string;

beforeAll(async () => {
  provider = await startFakeProvider("auditlens");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-oidc-"));
  const usersFile = path.join(dir, "users.yaml");
  fs.writeFileSync(usersFile, "groups:\n  - {name: sre, role: ingester}\n  - {name: team-a, role: viewer, scopes: [{cluster: prod, namespaces: [team-a]}]}\n");
  Object.assign(process.env, {
    AUDITLENS_DB: path.join(dir, "store.db"),
    AUDITLENS_USERS_FILE: usersFile,
    AUDITLENS_OIDC_ISSUER: provider.issuer,
    AUDITLENS_OIDC_CLIENT_ID: "auditlens",
    AUDITLENS_OIDC_CLIENT_SECRET: "client-secret",
    AUDITLENS_PUBLIC_URL: PUBLIC_URL,
  });
});
afterAll(async () => {
  closeDb();
  await provider.close();
  fs.rmSync(dir, { recursive: true, force: true });
  for (const k of ["AUDITLENS_DB", "AUDITLENS_USERS_FILE", "AUDITLENS_OIDC_ISSUER", "AUDITLENS_OIDC_CLIENT_ID", "AUDITLENS_OIDC_CLIENT_SECRET", "AUDITLENS_PUBLIC_URL"]) delete process.env[k];
});

const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

/** The browser's round trip: our redirect to the provider, its redirect back, our callback. */
async function roundTrip(next: string, tamper?: (callbackUrl: URL) => void): Promise<Response> {
  const started = await start(new Request(`${PUBLIC_URL}/api/v1/login/oidc?next=${encodeURIComponent(next)}`));
  expect(started.status).toBe(302);
  const authorize = new URL(started.headers.get("location")!);
  expect(authorize.origin).toBe(provider.issuer);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("redirect_uri")).toBe(`${PUBLIC_URL}/api/v1/login/oidc/callback`);
  const back = await fetch(authorize, { redirect: "manual" });
  const callbackUrl = new URL(back.headers.get("location")!);
  tamper?.(callbackUrl);
  return callback(new Request(callbackUrl, { headers: { cookie: cookiePair(started.headers.get("set-cookie")!) } }));
}

describe("OpenID Connect sign-in", () => {
  it("opens a session whose role and scopes come from the groups claim", async () => {
    provider.signInAs({ sub: "u-1", preferred_username: "olga", groups: ["sre", "team-a"] });
    const res = await roundTrip("/requests/7");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/requests/7");
    const session = res.headers.getSetCookie().find((c) => c.startsWith("auditlens_session="))!;
    expect(session).toContain("HttpOnly");
    const who = await me(new Request(`${PUBLIC_URL}/api/v1/me`, { headers: { cookie: cookiePair(session) } }));
    expect(await who.json()).toEqual({ name: "olga", role: "ingester", groups: ["sre", "team-a"], scopes: [{ cluster: "prod", namespaces: ["team-a"] }], method: "oidc" });
  });

  it("refuses a user whose groups have no role, and a forged state", async () => {
    provider.signInAs({ sub: "u-2", preferred_username: "mallory", groups: ["contractors"] });
    const noRole = await roundTrip("/");
    expect(noRole.headers.get("location")).toBe("/login?error=no-role");
    expect(noRole.headers.get("set-cookie")).not.toContain("auditlens_session=");

    provider.signInAs({ sub: "u-1", preferred_username: "olga", groups: ["sre"] });
    const forged = await roundTrip("/", (url) => url.searchParams.set("state", "forged"));
    expect(forged.headers.get("location")).toBe("/login?error=refused");
  });

  it("never redirects off-site after sign-in", async () => {
    provider.signInAs({ sub: "u-1", preferred_username: "olga", groups: ["sre"] });
    expect((await roundTrip("https://evil.example/")).headers.get("location")).toBe("/");
    expect((await roundTrip("//evil.example/")).headers.get("location")).toBe("/");
  });
});
