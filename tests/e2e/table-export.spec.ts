import { parse } from "csv-parse/sync";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { requestsTable } from "./pages/requests-table";
import { dashboard, uploadPage } from "./pages/upload-page";

const FIXTURE = path.resolve(__dirname, "../fixtures/kubectl-session.log");
// Our own clusters: other specs share the store, and must not change these counts.
const CLUSTER = "p3-table";
const COPY = "p3-reimport";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const res = await request.post(`/api/v1/ingest?cluster=${CLUSTER}&filename=kubectl-session.log`, { data: fs.readFileSync(FIXTURE) });
  expect(res.ok()).toBe(true);
  expect(await res.json()).toMatchObject({ events: 50, requests: 24 });
});

test("a chosen column goes into the URL and survives a reload", async ({ page }) => {
  await page.goto(`/?cluster=${CLUSTER}`);
  const table = requestsTable(page);
  // Headers are read once the table is there: a navigation shows the skeleton, which has none.
  await expect.poll(() => table.headers()).toEqual(["Time (UTC)", "User", "Verb", "Resource", "Namespace / name", "Code", "Latency"]);

  await table.chooseColumn("Source IP");
  await expect(page).toHaveURL(/[?&]cols=time%2Cuser%2Cverb%2Cresource%2Cobject%2Ccode%2Clatency%2CsourceIP(&|$)/);
  await expect(table.table.locator('thead th[data-column="sourceIP"]')).toHaveText("Source IP");
  await expect(table.rows().first().locator('td[data-column="sourceIP"]')).toHaveText(/^\d+\.\d+\.\d+\.\d+$/);

  await page.reload();
  await expect.poll(() => table.headers()).toContain("Source IP");

  // Switching one of the defaults off works the same way, and the default set leaves the URL clean.
  await table.chooseColumn("Code");
  await expect(page).toHaveURL(/cols=time%2Cuser%2Cverb%2Cresource%2Cobject%2Clatency%2CsourceIP(&|$)/);
  await expect.poll(() => table.headers()).toEqual(["Time (UTC)", "User", "Verb", "Resource", "Namespace / name", "Latency", "Source IP"]);
  await page.getByTestId("column-chooser").locator("summary").click();
  await page.getByTestId("columns-default").click();
  await expect(page).not.toHaveURL(/cols=/);
  await expect.poll(() => table.headers()).toEqual(["Time (UTC)", "User", "Verb", "Resource", "Namespace / name", "Code", "Latency"]);
});

test("sorting by latency puts the slowest request first, pages included", async ({ page, request }) => {
  const all = (await (await request.get(`/api/v1/requests?cluster=${CLUSTER}&limit=1000`)).json()) as { items: { latencyMs: number | null }[] };
  const known = all.items.map((r) => r.latencyMs).filter((l): l is number => l !== null);
  const slowest = Math.max(...known);

  await page.goto(`/?cluster=${CLUSTER}`);
  const table = requestsTable(page);
  await table.sortByLatencyHeader();
  await expect(page).toHaveURL(/[?&]sort=latency(&|$)/);
  await table.expectSort("latency");
  expect(await table.latencyOf(0)).toBe(slowest);
  await expect(table.table.locator('thead th[data-column="latency"]')).toHaveAttribute("aria-sort", "descending");

  // Reload keeps the order; keyset pages of 10 walk every request once, slowest to fastest.
  await page.reload();
  expect(await table.latencyOf(0)).toBe(slowest);
  await page.goto(`/?cluster=${CLUSTER}&limit=10&sort=latency`);
  const seen: (number | null)[] = [];
  for (;;) {
    for (let i = 0; i < (await table.rows().count()); i++) seen.push(await table.latencyOf(i));
    const older = page.getByTestId("page-older");
    if ((await older.count()) === 0) break;
    const next = await older.getAttribute("href");
    await older.click();
    await page.waitForURL((url) => url.pathname + url.search === next);
    await expect(table.rows().first()).toBeVisible();
  }
  expect(seen).toHaveLength(24);
  const numbers = seen.filter((l): l is number => l !== null);
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  expect(seen.slice(numbers.length).every((l) => l === null)).toBe(true);

  await page.getByTestId("page-newest").click();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect.poll(() => table.latencyOf(0)).toBe(slowest);
  await page.getByTestId("sort-time").click();
  await expect(page).not.toHaveURL(/sort=/);
  await table.expectSort("time");
});

test("a row opens its request; a username in it opens the actor view", async ({ page }) => {
  await page.goto(`/?cluster=${CLUSTER}&q=user:alice`);
  const table = requestsTable(page);
  const row = table.rows().first();
  await row.locator('td[data-column="verb"] a').click();
  await expect(page).toHaveURL(/\/requests\/\d+$/);
  await page.goBack();
  // The user cell: the name is a link of its own, the rest of the cell still opens the request.
  const cell = table.rows().first().locator('td[data-column="user"]');
  const box = (await cell.boundingBox())!;
  await page.mouse.click(box.x + box.width - 4, box.y + box.height / 2);
  await expect(page).toHaveURL(/\/requests\/\d+$/);
  await page.goBack();
  await table.rows().first().getByTestId("actor-link").click();
  await expect(page).toHaveURL(/\/actors\/alice$/);
});

test("a JSON lines export re-ingests into another cluster with the same counts", async ({ page }, testInfo) => {
  await page.goto(`/?cluster=${CLUSTER}`);
  const download = await requestsTable(page).exportAs("jsonl");
  expect(download.suggestedFilename()).toMatch(new RegExp(`^auditlens-cluster-${CLUSTER}-\\d{4}-\\d\\d-\\d\\dT\\d{4}\\.jsonl$`));
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  expect(fs.readFileSync(file, "utf8").trimEnd().split("\n")).toHaveLength(50);

  const upload = uploadPage(page);
  await upload.open();
  await upload.setCluster(COPY);
  await upload.upload([file]);
  expect(await upload.summaries()).toEqual([{ events: 50, added: 50, duplicates: 0, invalid: 0, requests: 24 }]);

  await page.goto(`/?cluster=${COPY}`);
  expect(await dashboard(page).total()).toBe(24);
  await page.goto(`/?cluster=${COPY}&verb=delete`);
  expect(await dashboard(page).total()).toBe(3);
});

test("the CSV export has a header and one row per request", async ({ page }, testInfo) => {
  await page.goto(`/?cluster=${CLUSTER}&verb=delete`);
  expect(await dashboard(page).total()).toBe(3);
  const download = await requestsTable(page).exportAs("csv");
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const file = testInfo.outputPath("export.csv");
  await download.saveAs(file);
  const rows = parse(fs.readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(3);
  expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(["time", "user", "verb", "resource", "code", "latencyMs", "auditID", "cluster", "requestURI", "decision"]));
  expect(rows.every((r) => r.verb === "delete" && r.cluster === CLUSTER)).toBe(true);
});
