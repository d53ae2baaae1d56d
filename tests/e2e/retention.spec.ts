import path from "node:path";
import { expect, test } from "@playwright/test";
import { runsPage } from "./pages/runs-page";
import { dashboard, uploadPage } from "./pages/upload-page";

const FIXTURE = path.resolve(__dirname, "../fixtures/kubectl-session.log");
const CLUSTER = "e2e-retention";

test("delete an ingest run from the runs page and see the store's counts drop by what it held", async ({ page, request }, testInfo) => {
  // A retried attempt starts from what the failed one left: its run would make this upload all duplicates.
  const { items } = (await (await request.get("/api/v1/runs?limit=500")).json()) as { items: { runId: number; cluster: string }[] };
  for (const run of items.filter((r) => r.cluster === CLUSTER)) expect((await request.delete(`/api/v1/runs/${run.runId}`)).ok()).toBe(true);

  const upload = uploadPage(page);
  await upload.open();
  await upload.setCluster(CLUSTER);
  await upload.upload([FIXTURE]);
  expect(await upload.summaries()).toEqual([{ events: 50, added: 50, duplicates: 0, invalid: 1, requests: 24 }]);

  const runs = runsPage(page);
  await runs.open();
  await expect(page.getByTestId("store-panel")).toContainText("No retention policy");
  const before = await runs.storeCounts();
  expect(before.requests).toBeGreaterThanOrEqual(24);
  await expect(runs.rows(CLUSTER)).toHaveCount(1);
  // The tailed file's run is live: it cannot be deleted while it runs.
  await expect(runs.rows("e2e-live").getByRole("button", { name: "Delete" })).toBeDisabled();

  await runs.askToDelete(CLUSTER);
  await page.screenshot({ path: testInfo.outputPath("runs-confirm-delete.png"), fullPage: true });
  await runs.confirmDelete();
  await expect(runs.rows(CLUSTER)).toHaveCount(0);
  await expect.poll(() => runs.storeCounts()).toEqual({ requests: before.requests - 24, events: before.events - 50 });
  await page.screenshot({ path: testInfo.outputPath("runs-after-delete.png"), fullPage: true });

  await page.goto(`/?cluster=${CLUSTER}`);
  expect(await dashboard(page).total()).toBe(0);
});
