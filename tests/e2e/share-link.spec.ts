import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { dashboardPage, ingest } from "./pages/dashboard-page";

const FIXTURE = path.resolve(__dirname, "../fixtures/kubectl-session.log");
const CLUSTER = "e2e-share";

test("a copied link opens the same view for a teammate", async ({ page, browser, request }) => {
  await ingest(request, CLUSTER, "kubectl-session.log", fs.readFileSync(FIXTURE));
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}`);
  await dash.clickFacet("verb", "delete");
  await dash.expectTotal(3);
  await dash.excludeFacet("user", "alice");
  await dash.expectTotal(2);
  await page.getByTestId("stack-user").click();
  await expect(page).toHaveURL(/stack=user/);
  const total = await dash.totalLocator().innerText();

  const context = await browser.newContext(); // no cookies, no storage
  try {
    const teammate = await context.newPage();
    await teammate.goto(page.url());
    const theirs = dashboardPage(teammate);
    await expect(theirs.totalLocator()).toHaveText(total);
    expect(await theirs.facetValues("user")).toEqual(await dash.facetValues("user"));
    await expect(teammate.getByTestId("stack-user")).toHaveAttribute("aria-current", "true");
  } finally {
    await context.close();
  }
});
