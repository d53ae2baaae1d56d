import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { requestsTable } from "./pages/requests-table";
import { runsPage } from "./pages/runs-page";
import { dashboard, uploadPage } from "./pages/upload-page";

const FIXTURES = path.resolve(__dirname, "../fixtures");
const YAML_EVENTS = path.join(FIXTURES, "audit-events.yaml");
const CORE_EVENTS = path.join(FIXTURES, "kubectl-get-events.yaml");
const SESSION = path.join(FIXTURES, "kubectl-session.log");

test.describe.configure({ mode: "serial" });

test("a YAML file of audit events uploads as events, a broken document as one invalid line", async ({ page }) => {
  const upload = uploadPage(page);
  await upload.open();
  await upload.setCluster("up-yaml");
  await upload.upload([YAML_EVENTS]);
  expect(await upload.summaries()).toEqual([{ events: 7, added: 7, duplicates: 0, invalid: 1, requests: 4 }]);
  await expect(page.getByTestId("upload-row")).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("summary-errors")).toContainText("not YAML");

  await page.goto("/?cluster=up-yaml");
  expect(await dashboard(page).total()).toBe(4);
});

test("a file with no audit event is a warning with its likely cause, on the card and on /runs", async ({ page }) => {
  const upload = uploadPage(page);
  await upload.open();
  await upload.setCluster("up-none");
  await upload.upload([CORE_EVENTS]);
  const row = page.getByTestId("upload-row");
  await expect(row).toHaveAttribute("data-status", "warning");
  await expect(row).toContainText("no events");
  await expect(row.getByTestId("upload-warning")).toHaveText(/this looks like a Kubernetes Event list \(core\/v1 Events/);
  // The counts stay: three documents read, none of them an audit event.
  expect(await upload.summaries()).toEqual([{ events: 0, added: 0, duplicates: 0, invalid: 3, requests: 0 }]);
  await page.screenshot({ path: test.info().outputPath("upload-warning.png") });

  const runs = runsPage(page);
  await runs.open();
  const run = runs.rows("up-none");
  await expect(run).toHaveCount(1);
  await expect(run.getByTestId("run-warning")).toHaveText("a Kubernetes Event list");
  await expect(run.getByTestId("run-warning")).toHaveAttribute("title", /core\/v1 Events/);
  await expect(run).not.toContainText(/\bdone\b/);
  await expect(run).toContainText("no events");
  await page.screenshot({ path: test.info().outputPath("runs.png") });
});

test("a multi-file upload has one summary for the batch, above per-file cards folded away", async ({ page }, testInfo) => {
  // Four small logs of their own requests, besides the fixtures: seven files in all.
  const extra = [1, 2, 3, 4].map((n) => {
    const file = testInfo.outputPath(`extra-${n}.log`);
    const lines = fs.readFileSync(SESSION, "utf8").split("\n").filter((l) => l.startsWith('{"kind"')).slice(0, 2);
    fs.writeFileSync(file, lines.map((l) => l.replace(/"auditID":"[^"]+"/, `"auditID":"batch-${n}-${lines.indexOf(l)}"`)).join("\n") + "\n");
    return file;
  });
  const upload = uploadPage(page);
  await upload.open();
  await upload.setCluster("up-batch");
  await page.getByTestId("file-input").setInputFiles([YAML_EVENTS, CORE_EVENTS, SESSION, ...extra]);
  await expect(page.getByTestId("batch-status")).toHaveText(/^7 files finished · 1 file with no audit events$/, { timeout: 60_000 });
  await expect(page.getByTestId("batch-gained")).not.toHaveText("…");
  // 7 + 0 + 50 + 4 × 2 events; the session log repeats the YAML's 7; the YAML's 4 requests are among its 24.
  expect(await upload.batch()).toEqual({ files: 7, events: 65, added: 58, duplicates: 7, invalid: 5, gained: 32 });
  await expect(page.getByTestId("upload-row").first()).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath("upload-batch.png") });

  await upload.showFiles();
  await expect(page.getByTestId("upload-row")).toHaveCount(7);
  await expect(page.getByTestId("upload-row").nth(6)).toBeVisible();
});

test("an export is named after the view, or after the saved view open", async ({ page, request }) => {
  await page.goto("/?cluster=up-batch&verb=delete");
  const filtered = await requestsTable(page).exportAs("csv");
  expect(filtered.suggestedFilename()).toMatch(/^auditlens-cluster-up-batch-verb-delete-\d{4}-\d\d-\d\dT\d{4}\.csv$/);

  const saved = await request.post("/api/v1/views", { data: { name: "Deletes in batch", url: "/?cluster=up-batch&verb=delete" } });
  expect(saved.status()).toBe(201);
  await page.reload();
  const named = await requestsTable(page).exportAs("jsonl");
  expect(named.suggestedFilename()).toMatch(/^auditlens-Deletes-in-batch-\d{4}-\d\d-\d\dT\d{4}\.jsonl$/);
});
