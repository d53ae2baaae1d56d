import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as activity } from "@/app/api/v1/activity/route";
import { POST as login } from "@/app/api/v1/login/route";
import { POST as logout } from "@/app/api/v1/logout/route";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as newToken } from "@/app/api/v1/tokens/route";
import { DELETE as deleteToken } from "@/app/api/v1/tokens/[id]/route";
import { hashPassword } from "@/lib/auth/password";
import { closeDb } from "@/lib/store/sqlite/db";
import { tempDir } from "../helpers/temp-dir";

const ACCESS_TOKEN = "sign-in-test-access-token-0123456789";
const PEER_SECRET = "peer-secret";
let usersFile: string;
let n = 0;

async function writeUsers(extra = "") {
  const hash = await hashPassword("s3cret!");
  fs.writeFileSync(
    usersFile,
    `users:
  - {username: alice, passwordHash: "${hash}", role: admin}
  - {username: vera, passwordHash: "${hash}", role: viewer, scopes: [{cluster: prod, namespaces: [team-a]}]}
  - {username: rita, passwordHash: "${hash}", role: viewer}
groups:
  - {name: sre, role: ingester}
${extra}`,
  );
  // The file is read again when its size, time or inode changes; a rewrite in the same millisecond must count too.
  fs.utimesSync(usersFile, new Date(), new Date(Date.now() + ++n * 1000));
}

beforeEach(async () => {
  const dir = tempDir("auditlens-signin-");
  usersFile = path.join(dir, "users.yaml");
  await writeUsers();
  Object.assign(process.env, {
    AUDITLENS_DB: path.join(dir, "store.db"),
    AUDITLENS_USERS_FILE: usersFile,
    AUDITLENS_ACCESS_TOKEN: ACCESS_TOKEN,
    AUDITLENS_PEER_SECRET: PEER_SECRET,
  });
});
afterEach(() => {
  closeDb();
  for (const k of ["AUDITLENS_DB", "AUDITLENS_USERS_FILE", "AUDITLENS_ACCESS_TOKEN", "AUDITLENS_PEER_SECRET", "AUDITLENS_PROXY_USER_HEADER", "AUDITLENS_PROXY_GROUPS_HEADER", "AUDITLENS_TRUSTED_PROXIES"]) delete process.env[k];
});

const peer = (address: string) => ({ "x-auditlens-peer": `${PEER_SECRET} ${address}` });
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`http://127.0.0.1${url}`, { method: "POST", headers: { "content-type": "application/json", ...peer("10.1.1.1"), ...headers }, body: JSON.stringify(body) });
const get = (url: string, headers: Record<string, string> = {}) => new Request(`http://127.0.0.1${url}`, { headers });
const cookieOf = (res: Response) => res.headers.get("set-cookie")!.split(";")[0]!;

async function signIn(body: unknown): Promise<string> {
  const res = await login(post("/api/v1/login", body));
  expect(res.status).toBe(204);
  return cookieOf(res);
}

describe("POST /api/v1/login", () => {
  it("opens a session for a user of the users file, with an HttpOnly SameSite=Lax cookie that expires", async () => {
    const res = await login(post("/api/v1/login", { username: "alice", password: "s3cret!" }));
    expect(res.status).toBe(204);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^auditlens_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    // 12 hours, less the moments the sign-in itself took.
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeGreaterThan(43_100);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeLessThanOrEqual(43_200);
    expect(cookie).not.toContain("Secure");
    const who = await me(get("/api/v1/me", { cookie: cookieOf(res) }));
    expect(await who.json()).toMatchObject({ name: "alice", role: "admin", scopes: null, method: "password" });
  });

  it("refuses a wrong password or an unknown user with 401, and records the attempt", async () => {
    expect((await login(post("/api/v1/login", { username: "alice", password: "nope" }))).status).toBe(401);
    expect((await login(post("/api/v1/login", { username: "mallory", password: "s3cret!" }))).status).toBe(401);
    expect((await login(post("/api/v1/login", { token: "not-the-token" }))).status).toBe(401);
    const admin = await signIn({ token: ACCESS_TOKEN });
    const log = (await (await activity(get("/api/v1/activity?action=sign-in-failed", { cookie: admin }))).json()) as { items: { actor: string; address: string }[] };
    expect(log.items.map((i) => i.actor)).toEqual(["access-token", "mallory", "alice"]);
    expect(log.items[0]!.address).toBe("10.1.1.1");
  });

  it("stops checking passwords after five failures for one name (429 with Retry-After), even the right one", async () => {
    // The limiter lives as long as the process: rita is used by no other test.
    for (let i = 0; i < 5; i++) expect((await login(post("/api/v1/login", { username: "rita", password: `guess${i}` }))).status).toBe(401);
    const limited = await login(post("/api/v1/login", { username: "rita", password: "s3cret!" }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("refuses a body that is not JSON credentials", async () => {
    const form = new Request("http://127.0.0.1/api/v1/login", { method: "POST", headers: { "content-type": "text/plain" }, body: "username=alice" });
    expect((await login(form)).status).toBe(415);
    expect((await login(post("/api/v1/login", { username: "alice" }))).status).toBe(400);
  });
});

describe("sessions", () => {
  it("end at logout", async () => {
    const cookie = await signIn({ username: "alice", password: "s3cret!" });
    expect((await me(get("/api/v1/me", { cookie }))).status).toBe(200);
    const out = await logout(post("/api/v1/logout", {}, { cookie }));
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await me(get("/api/v1/me", { cookie }))).status).toBe(401);
  });

  it("follow the users file: a removed user is signed out, a changed scope applies at once", async () => {
    const cookie = await signIn({ username: "vera", password: "s3cret!" });
    expect(await (await me(get("/api/v1/me", { cookie }))).json()).toMatchObject({ scopes: [{ cluster: "prod", namespaces: ["team-a"] }] });
    const text = fs.readFileSync(usersFile, "utf8").replace("namespaces: [team-a]", "namespaces: [team-b]");
    fs.writeFileSync(usersFile, text);
    fs.utimesSync(usersFile, new Date(), new Date(Date.now() + ++n * 1000));
    expect(await (await me(get("/api/v1/me", { cookie }))).json()).toMatchObject({ scopes: [{ cluster: "prod", namespaces: ["team-b"] }] });
    fs.writeFileSync(usersFile, text.replace(/ {2}- \{username: vera.*\n/, ""));
    fs.utimesSync(usersFile, new Date(), new Date(Date.now() + ++n * 1000));
    expect((await me(get("/api/v1/me", { cookie }))).status).toBe(401);
    const admin = { authorization: `Bearer ${ACCESS_TOKEN}` };
    const log = (await (await activity(get("/api/v1/activity?action=users-changed", admin))).json()) as { items: { detail: unknown }[] };
    expect(log.items.map((i) => i.detail)).toEqual([
      { added: [], removed: ["vera"], changed: [], groupsChanged: false },
      { added: [], removed: [], changed: ["vera"], groupsChanged: false },
    ]);
  });

  it("opened with the shared access token end when the token changes", async () => {
    const cookie = await signIn({ token: ACCESS_TOKEN });
    expect(await (await me(get("/api/v1/me", { cookie }))).json()).toMatchObject({ role: "admin", method: "access-token" });
    process.env.AUDITLENS_ACCESS_TOKEN = "a-rotated-access-token-9876543210";
    expect((await me(get("/api/v1/me", { cookie }))).status).toBe(401);
  });
});

describe("bearer tokens", () => {
  it("the shared access token is an admin on the API", async () => {
    const res = await me(get("/api/v1/me", { authorization: `Bearer ${ACCESS_TOKEN}` }));
    expect(await res.json()).toMatchObject({ role: "admin", method: "access-token" });
    expect((await me(get("/api/v1/me", { authorization: "Bearer wrong" }))).status).toBe(401);
  });

  it("an API token carries its role and scopes, is shown once, and stops working when revoked", async () => {
    const admin = { authorization: `Bearer ${ACCESS_TOKEN}` };
    const created = await newToken(post("/api/v1/tokens", { name: "ci", role: "viewer", scopes: [{ cluster: "prod" }] }, admin));
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect(token).toMatch(/^alt_/);
    const auth = { authorization: `Bearer ${token}` };
    expect(await (await me(get("/api/v1/me", auth))).json()).toMatchObject({ name: "token:ci", role: "viewer", scopes: [{ cluster: "prod" }] });
    // A viewer cannot make tokens or read the activity log.
    expect((await newToken(post("/api/v1/tokens", { name: "x", role: "admin" }, auth))).status).toBe(403);
    expect((await activity(get("/api/v1/activity", auth))).status).toBe(403);
    expect((await deleteToken(new Request("http://127.0.0.1/api/v1/tokens/x", { method: "DELETE", headers: admin }), { params: Promise.resolve({ id }) })).status).toBe(204);
    expect((await me(get("/api/v1/me", auth))).status).toBe(401);
  });
});

describe("an authenticating proxy", () => {
  beforeEach(() => {
    Object.assign(process.env, { AUDITLENS_PROXY_USER_HEADER: "X-Forwarded-User", AUDITLENS_PROXY_GROUPS_HEADER: "X-Forwarded-Groups", AUDITLENS_TRUSTED_PROXIES: "10.9.0.0/16" });
  });

  it("is believed only from a trusted address, with the secret npm start vouches with", async () => {
    const headers = { "x-forwarded-user": "erin", "x-forwarded-groups": "dev, sre" };
    expect(await (await me(get("/api/v1/me", { ...headers, ...peer("10.9.3.4") }))).json()).toMatchObject({ name: "erin", role: "ingester", groups: ["dev", "sre"], method: "proxy" });
    expect((await me(get("/api/v1/me", { ...headers, ...peer("10.8.3.4") }))).status).toBe(401);
    expect((await me(get("/api/v1/me", { ...headers, "x-auditlens-peer": "forged 10.9.3.4" }))).status).toBe(401);
    expect((await me(get("/api/v1/me", { "x-forwarded-user": "erin", "x-forwarded-groups": "dev", ...peer("10.9.3.4") }))).status).toBe(401);
  });
});
