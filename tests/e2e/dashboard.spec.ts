import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { dashboardPage, ingest } from "./pages/dashboard-page";

const FIXTURE = path.resolve(__dirname, "../fixtures/kubectl-session.log");
const CLUSTER = "e2e-dashboard";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const run = await ingest(request, CLUSTER, "kubectl-session.log", fs.readFileSync(FIXTURE));
  expect(run.requests).toBe(24);
});

test("clicking a breakdown entry filters to it; the URL keeps it and a reload shows the same view", async ({ page }) => {
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}`);
  await dash.expectTotal(24);
  expect(await dash.facetCount("verb", "delete")).toBe(3);

  await dash.clickFacet("verb", "delete");
  await expect(page).toHaveURL(/[?&]q=verb%3Adelete(&|$)/);
  await dash.expectTotal(3);
  // Counts follow the filter: every other breakdown now counts the 3 deletes only.
  expect(await dash.facetValues("verb")).toEqual(["delete"]);
  expect(await dash.facetCount("user", "alice")).toBe(1);

  await page.reload();
  await dash.expectTotal(3);
  await expect(dash.entry("verb", "delete").getByTestId("facet-include")).toHaveAttribute("aria-current", "true");

  // Clicking the active entry again removes its filter.
  await dash.clickFacet("verb", "delete");
  await dash.expectTotal(24);
  await expect(page).not.toHaveURL(/[?&]q=/);
});

test("the exclude control drops an entry from the count and from its breakdown", async ({ page }) => {
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}`);
  await dash.excludeFacet("user", "alice");
  await expect(page).toHaveURL(/[?&]q=-user%3Aalice(&|$)/);
  await dash.expectTotal(16);
  expect(await dash.facetValues("user")).not.toContain("alice");

  // A resource of a named API group filters on resource and group together.
  await dash.clickFacet("resource", "deployments.apps");
  await expect(page).toHaveURL(/q=-user%3Aalice\+resource%3Adeployments\+group%3Aapps/);
  await dash.expectTotal(4);
});

test("dragging across the timeline zooms to that span: from/to in the URL, fewer requests", async ({ page }) => {
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}`);
  await expect(page.getByTestId("bucket-size")).toContainText("1 s per bar");
  await dash.dragTimeline(0.3, 0.6);
  await expect(page).toHaveURL(/[?&]from=.*&to=/);
  const url = new URL(page.url());
  expect(url.searchParams.get("range")).toBeNull();
  const from = Date.parse(url.searchParams.get("from")!);
  const to = Date.parse(url.searchParams.get("to")!);
  expect(to).toBeGreaterThan(from);
  await expect(dash.totalLocator()).not.toHaveText("24");
  const total = await dash.total();
  expect(total).toBeGreaterThan(0);
  expect(total).toBeLessThan(24);
  // The page and the API agree on what that span holds.
  const api = await page.request.get(`/api/v1/stats?${url.searchParams.toString()}`);
  expect(((await api.json()) as { total: number }).total).toBe(total);
  await expect(page.getByTestId("range-from")).toHaveValue(new Date(from).toISOString().slice(0, 19).replace("T", " "));
});

test("time range presets count back from the newest event in the store, and say so", async ({ page }) => {
  const dash = dashboardPage(page);
  const summary = (await (await page.request.get("/api/v1/summary")).json()) as { last: string };
  const newest = Date.parse(summary.last);
  // The fixture's own request times, to know what "last 15 min" of the store holds of them.
  const times = new Map<string, number>();
  for (const line of fs.readFileSync(FIXTURE, "utf8").split("\n")) {
    try {
      const e = JSON.parse(line) as { auditID: string; requestReceivedTimestamp: string };
      times.set(e.auditID, Date.parse(e.requestReceivedTimestamp));
    } catch {
      // the klog line
    }
  }
  const inLast = (ms: number) => [...times.values()].filter((t) => t >= newest - ms).length;

  await dash.open(`cluster=${CLUSTER}`);
  await expect(page.getByTestId("range-note")).toContainText(summary.last.slice(0, 19).replace("T", " "));
  await dash.preset("15m");
  await expect(page).toHaveURL(/[?&]range=15m(&|$)/);
  await dash.expectTotal(inLast(15 * 60_000));
  await expect(page.getByTestId("range-15m")).toHaveAttribute("aria-current", "true");
  await dash.preset("7d");
  await dash.expectTotal(inLast(7 * 24 * 3600_000));
  await dash.preset("all");
  await expect(page).not.toHaveURL(/range=/);
  await dash.expectTotal(24);
});

test("an absolute time range typed in UTC filters to it", async ({ page }) => {
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}`);
  await page.getByTestId("range-from").fill("2024-05-10 14:01:00");
  await page.getByTestId("range-to").fill("2024-05-10 14:02");
  await page.getByTestId("range-apply").click();
  await expect(page).toHaveURL(/from=2024-05-10T14%3A01%3A00.000Z/);
  // The fixture has one request every ~7 s from 14:00:00: those at 14:01:03 … 14:01:59.
  await dash.expectTotal(9);
});

test("one click hides system noise: reads made as system identities, never writes", async ({ page }) => {
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}`);
  await expect(dash.noiseToggle()).toHaveAttribute("aria-checked", "false");
  await dash.noiseToggle().click();
  await expect(page).toHaveURL(/[?&]noise=hide(&|$)/);
  // All 8 of alice's requests, the node's and the controller's 8 writes, and the node's read of a Secret
  // remain; the 7 other reads by system identities go.
  await dash.expectTotal(17);
  await expect(dash.noiseToggle()).toHaveAttribute("aria-checked", "true");
  expect(await dash.facetValues("user")).toEqual(["alice", "system:node:worker-1", "system:serviceaccount:kube-system:deployment-controller"]);
  await dash.noiseToggle().click();
  await dash.expectTotal(24);
});

test("stack-by switches the timeline's series and keeps the filter", async ({ page }) => {
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}&q=verb:get`);
  await page.getByTestId("stack-code").click();
  await expect(page).toHaveURL(/[?&]stack=code(&|$)/);
  await expect(page).toHaveURL(/q=verb%3Aget/);
  await dash.expectTotal(7);
  await expect(page.getByTestId("stack-code")).toHaveAttribute("aria-current", "true");
  const bars = page.getByTestId("timeline-chart").locator(".recharts-bar-rectangle path");
  await expect(bars.first()).toBeVisible();

  // Usernames hold colons and dots; each still draws its own series.
  await page.getByTestId("stack-user").click();
  await expect(page).toHaveURL(/[?&]stack=user(&|$)/);
  await expect(bars.first()).toBeVisible();
  expect(await bars.count()).toBe(7);
});

test("show more fetches a breakdown's long tail with the same filter", async ({ page, request }) => {
  const cluster = "e2e-dashboard-more";
  const lines = Array.from({ length: 12 }, (_, i) =>
    JSON.stringify({
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: "Metadata",
      auditID: `e2e-more-${i}`,
      stage: "ResponseComplete",
      requestURI: "/api/v1/namespaces/default/pods",
      verb: "list",
      // One request each: equal counts sort by name, so user-10 and user-11 are the long tail.
      user: { username: `user-${String(i).padStart(2, "0")}` },
      sourceIPs: ["10.1.0.1"],
      objectRef: { resource: "pods", namespace: "default", apiVersion: "v1" },
      responseStatus: { code: 200 },
      requestReceivedTimestamp: `2024-06-01T10:00:${String(i).padStart(2, "0")}.000000Z`,
      stageTimestamp: `2024-06-01T10:00:${String(i).padStart(2, "0")}.001000Z`,
    }),
  );
  await ingest(request, cluster, "many-users.jsonl", lines.join("\n") + "\n");
  const dash = dashboardPage(page);
  await dash.open(`cluster=${cluster}`);
  await dash.expectTotal(12);
  await expect(dash.facet("user").getByTestId("facet-entry")).toHaveCount(10);
  await dash.facet("user").getByTestId("facet-more").click();
  await expect(dash.facet("user").getByTestId("facet-entry")).toHaveCount(12);
  await dash.clickFacet("user", "user-11");
  await dash.expectTotal(1);
});

test("GET /api/v1/stats takes the page's parameters; a syntax error is a 400 with its position", async ({ request }) => {
  const ok = await request.get(`/api/v1/stats?cluster=${CLUSTER}&q=verb:delete&stack=code`);
  expect(ok.status()).toBe(200);
  const stats = (await ok.json()) as { total: number; series: string[]; timeline: { t: string; count: number }[]; facets: Record<string, { value: string; count: number }[]> };
  expect(stats.total).toBe(3);
  expect(stats.series).toEqual(["2xx"]);
  expect(stats.timeline.reduce((n, b) => n + b.count, 0)).toBe(3);
  expect(stats.facets.verb).toEqual([{ value: "delete", count: 3 }]);

  const one = (await (await request.get(`/api/v1/stats?cluster=${CLUSTER}&facet=user&facetLimit=1`)).json()) as typeof stats;
  expect(one.facets.user).toHaveLength(1);
  expect(one.timeline).toEqual([]);

  const bad = await request.get(`/api/v1/stats?cluster=${CLUSTER}&q=${encodeURIComponent("user:(")}`);
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ error: expect.any(String), position: expect.any(Number) });
});
