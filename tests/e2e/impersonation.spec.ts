import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { dashboardPage, ingest } from "./pages/dashboard-page";
import { actorPage } from "./pages/drilldown-pages";
import { requestsTable } from "./pages/requests-table";

// Modelled on audit2rbac's demo: `kubectl --as=alice` makes system:admin the authenticated user and alice
// the impersonated one: two reads, three writes and a denied list of Secrets —
// beside two reads the control plane makes for itself.
const FIXTURE = path.resolve(__dirname, "../fixtures/impersonation-demo.log");
const CLUSTER = "e2e-impersonation";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const run = await ingest(request, CLUSTER, "impersonation-demo.log", fs.readFileSync(FIXTURE));
  expect(run.requests).toBe(8);
});

test("the Actors breakdown counts the effective user, and filters and excludes with actor:", async ({ page }) => {
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}`);
  await dash.expectTotal(8);
  expect(await dash.facetCount("actor", "alice")).toBe(6);
  // The authenticated user is still counted as such.
  expect(await dash.facetCount("user", "system:admin")).toBe(6);
  await expect(dash.entry("user", "alice")).toHaveCount(0);

  await dash.clickFacet("actor", "alice");
  await expect(page).toHaveURL(/[?&]q=actor%3Aalice(&|$)/);
  await dash.expectTotal(6);
  await dash.clickFacet("actor", "alice");
  await dash.expectTotal(8);
  await dash.excludeFacet("actor", "alice");
  await expect(page).toHaveURL(/[?&]q=-actor%3Aalice(&|$)/);
  await dash.expectTotal(2);
});

test("the table shows whom a request acted as, and who sent it, in full", async ({ page }) => {
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}&q=${encodeURIComponent("verb:delete")}`);
  await dash.expectTotal(1);
  const identity = requestsTable(page).rows().first().getByTestId("identity");
  await expect(identity).toHaveText("alice via system:admin");
  // Wrapped, not cut off behind a hover.
  expect(await identity.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(identity).toHaveAttribute("title", "alice via system:admin");
  await identity.getByTestId("effective-user").click();
  await expect(page).toHaveURL(/\/actors\/alice$/);
});

test("the actor view of alice lists the requests made as her, and says they were impersonated", async ({ page }) => {
  await page.goto(`/actors/alice?cluster=${CLUSTER}`);
  const actor = actorPage(page);
  await expect(actor.name()).toHaveText("alice");
  expect(await actor.total()).toBe(6);
  await expect(page.getByTestId("actor-impersonated")).toHaveText("6");
  const rows = page.getByTestId("actor-requests").getByTestId("request-row");
  await expect(rows).toHaveCount(6);
  for (const identity of await rows.getByTestId("identity").all()) await expect(identity).toHaveText("alice via system:admin");
  await expect(actor.sessions()).toHaveCount(1);
  await expect(actor.sessions().first().getByTestId("session-count")).toHaveText("6");
  // A session opens the dashboard on the same six requests.
  await actor.sessions().first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/\?/);
  await dashboardPage(page).expectTotal(6);
});

test("hiding system noise keeps everything done as alice, her writes and her denial included", async ({ page }) => {
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}`);
  await dash.noiseToggle().click();
  await expect(page).toHaveURL(/[?&]noise=hide(&|$)/);
  // The controller's get and the kubelet's watch go; nothing made as alice does.
  await dash.expectTotal(6);
  expect(await dash.facetValues("actor")).toEqual(["alice"]);
  expect(await dash.facetCount("verb", "create")).toBe(1);
  expect(await dash.facetCount("verb", "update")).toBe(1);
  expect(await dash.facetCount("verb", "delete")).toBe(1);
  expect(await dash.facetCount("decision", "forbid")).toBe(1);
});
