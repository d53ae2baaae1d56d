import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_PORT } from "../support/e2e-env";
import { SIGNED_IN_URL, USERS } from "../support/e2e-signed-in";
import { asAdmin, signIn } from "./pages/sign-in";

test.describe("signing in", () => {
  test("a page asks for sign-in, returns to it after, and sign-out ends the session", async ({ page }) => {
    await signIn(page, USERS.admin, "/runs?limit=5");
    await expect(page).toHaveURL(`${SIGNED_IN_URL}/runs?limit=5`);
    await expect(page.getByTestId("signed-in-user")).toHaveText(/ada · admin/);
    const cookie = (await page.context().cookies()).find((c) => c.name === "auditlens_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    expect(cookie.expires).toBeGreaterThan(Date.now() / 1000 + 3600);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto(`${SIGNED_IN_URL}/`);
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
    // The old cookie, replayed, opens nothing either.
    const replay = await page.request.get(`${SIGNED_IN_URL}/api/v1/summary`, { headers: { cookie: `auditlens_session=${cookie.value}` } });
    expect(replay.status()).toBe(401);
  });

  test("a wrong password is refused on the page, and the API answers 401 JSON without sign-in", async ({ page, request }) => {
    await page.goto(`${SIGNED_IN_URL}/`);
    const form = page.getByRole("form", { name: "Sign in with a password" });
    await form.getByLabel("Username").fill("vic");
    await form.getByLabel("Password").fill("wrong");
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("wrong username, password or token");
    await expect(page).toHaveURL(/\/login/);

    const res = await request.get(`${SIGNED_IN_URL}/api/v1/requests`);
    expect(res.status()).toBe(401);
    expect(((await res.json()) as { error: string }).error).toContain("sign in");
  });

  test("the shared access token signs in on the page too", async ({ page }) => {
    await page.goto(`${SIGNED_IN_URL}/sources`);
    const form = page.getByRole("form", { name: "Sign in with the access token" });
    await form.getByLabel("Access token").fill("e2e-access-token-0123456789abcdef");
    await form.getByRole("button", { name: "Sign in with the token" }).click();
    await expect(page).toHaveURL(`${SIGNED_IN_URL}/sources`);
    await expect(page.getByTestId("signed-in-user")).toHaveText(/access-token · admin/);
  });
});

test.describe("roles", () => {
  test("a viewer cannot upload: no Upload link, a 403 page, and the API refuses", async ({ page }) => {
    await signIn(page, USERS.viewer);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upload" })).toHaveCount(0);
    await page.goto(`${SIGNED_IN_URL}/upload`);
    await expect(page.getByText("Not allowed")).toBeVisible();
    const res = await page.request.post(`${SIGNED_IN_URL}/api/v1/ingest?cluster=viewer-upload`, { data: Buffer.from("{}\n"), headers: { "content-type": "application/octet-stream" } });
    expect(res.status()).toBe(403);
    await page.goto(`${SIGNED_IN_URL}/activity`);
    await expect(page.getByText("Not allowed")).toBeVisible();
  });

  test("an ingester uploads; an admin sees it on the Activity page", async ({ page, browser }) => {
    await signIn(page, USERS.ingester);
    const res = await page.request.post(`${SIGNED_IN_URL}/api/v1/ingest?cluster=e2e-ingester&filename=kubectl-session.log`, {
      data: fs.readFileSync(path.resolve(__dirname, "../fixtures/kubectl-session.log")),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(res.status()).toBe(200);

    const context = await browser.newContext();
    try {
      const admin = await context.newPage();
      await signIn(admin, USERS.admin, "/activity?action=upload");
      await expect(admin.getByTestId("activity-table")).toContainText("ivy");
      await expect(admin.getByTestId("activity-table")).toContainText("e2e-ingester");
    } finally {
      await context.close();
    }
  });
});

test.describe("cross-site requests", () => {
  // A page on another origin, in the operator's own browser, tries to store a forged event.
  const FORGED = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"f0f0f0f0-0000-4000-8000-000000000001","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/x/pods","verb":"list","user":{"username":"forger"},"requestReceivedTimestamp":"2024-01-01T00:00:00.000000Z","stageTimestamp":"2024-01-01T00:00:00.000001Z"}';

  for (const target of [{ name: "without sign-in", base: `http://127.0.0.1:${E2E_PORT}` }, { name: "with sign-in", base: SIGNED_IN_URL }]) {
    test(`a form POST and a no-cors fetch from another origin store nothing (${target.name})`, async ({ page, request }) => {
      const action = `${target.base}/api/v1/ingest?cluster=forged-${target.name.replace(/\W/g, "")}`;
      await page.route("http://evil.test/**", (route) =>
        route.fulfill({
          contentType: "text/html",
          body: `<form id="f" method="post" enctype="text/plain" action="${action}"><input name='${FORGED.slice(0, -1)},"x":"' value='"}'></form>
                 <script>fetch(${JSON.stringify(action)}, { method: "POST", mode: "no-cors", credentials: "include", body: ${JSON.stringify(FORGED)} }).finally(() => document.getElementById("f").submit());</script>`,
        }),
      );
      const answer = page.waitForResponse((r) => r.url().startsWith(action) && r.request().resourceType() === "document");
      await page.goto("http://evil.test/");
      expect([403, 415]).toContain((await answer).status());
      const summary = await request.get(`${target.base}/api/v1/summary`, { headers: asAdmin });
      expect(((await summary.json()) as { clusters: string[] }).clusters.filter((c) => c.startsWith("forged"))).toEqual([]);
    });
  }
});

test("a request naming another host is refused, so a rebound DNS name reads nothing", async () => {
  const statusFor = (host: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port: E2E_PORT, path: "/api/v1/summary", headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on("error", reject);
    });
  expect(await statusFor(`rebind.attacker.example:${E2E_PORT}`)).toBe(421);
  expect(await statusFor(`localhost:${E2E_PORT}`)).toBe(200);
});

test.describe("security headers", () => {
  test("pages carry a nonce-based CSP without unsafe-eval and cannot be framed; API answers run nothing", async ({ page, request }) => {
    const res = await page.goto(`${SIGNED_IN_URL}/login`);
    const csp = res!.headers()["content-security-policy"]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res!.headers()["x-frame-options"]).toBe("DENY");
    expect(res!.headers()["x-content-type-options"]).toBe("nosniff");
    expect(res!.headers()["referrer-policy"]).toBe("same-origin");
    // Next's own scripts carry the nonce, so the page still works: the form is interactive.
    await expect(page.getByRole("form", { name: "Sign in with a password" })).toBeVisible();
    const api = await request.get(`${SIGNED_IN_URL}/api/v1/summary`);
    expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
  });
});

/** Every page route, from the app's page files, with a sample value in each dynamic segment. */
function pageRoutes(dir: string, root = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return pageRoutes(full, root);
    if (e.name !== "page.tsx") return [];
    const segments = path.relative(root, dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
    return [`/${segments.map((s) => (s.startsWith("[") ? "1" : s)).join("/")}`];
  });
}

test("every page sends a stranger to the sign-in page", async ({ request }) => {
  const routes = pageRoutes(path.resolve(__dirname, "../../app")).filter((r) => r !== "/login");
  expect(routes.length).toBeGreaterThan(8);
  for (const route of routes) {
    const res = await request.get(`${SIGNED_IN_URL}${route}`, { maxRedirects: 0 });
    expect(res.status(), route).toBe(307);
    expect(res.headers()["location"], route).toMatch(/^\/login\?next=/);
  }
});
