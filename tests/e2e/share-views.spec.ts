import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { ingestFixture, paramsOf, sharePage } from "./pages/share-views";

const CLUSTER = "e2e-share";
/** In the fixture: three deletes, of deployment prod/api, by alice, a node and a controller. */
const VIEW = `/?cluster=${CLUSTER}&sort=latency&verb=delete`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  await ingestFixture(request, CLUSTER);
});

test("a saved view appears in the sidebar and reopens, in a fresh browser, with the same URL and total", async ({ page, browser }) => {
  await page.goto(VIEW);
  const share = sharePage(page);
  const total = await share.total();
  expect(total).toBe(3);

  await share.saveFromSidebar("deletes in e2e-share");
  await expect(share.savedView("deletes in e2e-share")).toBeVisible();
  const link = await share.shortLink("deletes in e2e-share");

  const teammate = await browser.newContext(); // no cookies, no storage
  try {
    const other = await teammate.newPage();
    await other.goto(link);
    await expect(other).toHaveURL(/\/\?/);
    expect(paramsOf(other.url())).toEqual(paramsOf(new URL(VIEW, page.url()).toString()));
    expect(await sharePage(other).total()).toBe(total);
  } finally {
    await teammate.close();
  }

  // Deleting it removes it from the sidebar, and its short link stops working.
  await share.deleteView("deletes in e2e-share");
  const gone = await page.goto(link);
  expect(gone?.status()).toBe(404);
  await expect(page.getByTestId("view-not-found")).toBeVisible();
});

test("Save view with a frozen range stores the absolute window, which reopens with the same total", async ({ page }) => {
  await page.goto(`/?cluster=${CLUSTER}&range=7d`);
  const share = sharePage(page);
  const total = await share.total();
  await page.getByTestId("save-view").click();
  const form = page.getByTestId("share-toolbar").getByTestId("save-view-form");
  await form.getByLabel("View name").fill("frozen week");
  await form.getByRole("checkbox", { name: /Freeze the time range/ }).check();
  await form.getByRole("button", { name: "Save view" }).click();
  const link = await share.shortLink("frozen week");
  const saved = share.savedView("frozen week").getByRole("link");
  const url = new URL((await saved.getAttribute("title"))!, page.url());
  expect(url.searchParams.has("range")).toBe(false);
  expect(url.searchParams.get("from")).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(url.searchParams.get("to")).toMatch(/^\d{4}-\d\d-\d\dT/);
  await page.goto(link);
  expect(new URL(page.url()).searchParams.get("from")).toBe(url.searchParams.get("from"));
  expect(await share.total()).toBe(total);
  await share.deleteView("frozen week");
});

test("Copy link puts the absolute canonical URL of the view on the clipboard", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  // Unordered, with a page cursor: the copied link is canonical and starts at the newest requests.
  await page.goto(`/?verb=delete&cursor=MTox&cluster=${CLUSTER}`);
  await page.getByTestId("copy-link").click();
  await expect(page.getByTestId("copy-link")).toHaveText(/Copied/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(new URL(`/?cluster=${CLUSTER}&verb=delete`, page.url()).toString());
});

test("Copy link still copies where the async clipboard API is missing", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined });
  });
  await page.goto(`/?cluster=${CLUSTER}`);
  await page.getByTestId("copy-link").click();
  await expect(page.getByTestId("copy-link")).toHaveText(/Copied/);
});

test("the downloaded snapshot opens from disk with the network blocked and shows the total and requests", async ({ page, browser }) => {
  await page.goto(VIEW);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-snapshot").click()]);
  expect(download.suggestedFilename()).toMatch(/^auditlens-snapshot-\d{8}T\d{6}Z\.html$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-snapshot-"));
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);

  const offline = await browser.newContext({ offline: true });
  try {
    const requested: string[] = [];
    await offline.route(/^https?:/, (route) => {
      requested.push(route.request().url());
      return route.abort();
    });
    const reader = await offline.newPage();
    await reader.goto(`file://${file}`);
    await expect(reader.getByTestId("snapshot-total")).toHaveText("3");
    const rows = reader.locator("details.req");
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toContainText("deployments");
    await expect(rows.first()).toContainText("prod/api");
    // Every field and the original events are there without JavaScript or a server.
    const alice = rows.filter({ hasText: "alice" });
    await alice.locator("summary").first().click();
    await expect(alice.getByText("/apis/apps/v1/namespaces/prod/deployments/api", { exact: true })).toBeVisible();
    await alice.locator("details.event summary").first().click();
    await expect(alice.locator("pre").first()).toContainText('"auditID"');
    // The optional text filter narrows the list.
    await reader.getByRole("searchbox", { name: "Filter requests" }).fill("alice");
    await expect(reader.locator("details.req:visible")).toHaveCount(1);
    expect(requested).toEqual([]);
  } finally {
    await offline.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
