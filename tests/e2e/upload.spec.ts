import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { CORPUS_DIR, corpusFiles, corpusPresent, expectedCounts } from "../support/corpus";
import { E2E_SERVER_PID_FILE } from "../support/e2e-env";
import { dashboard, uploadPage } from "./pages/upload-page";

const FIXTURE = path.resolve(__dirname, "../fixtures/kubectl-session.log");

test.describe.configure({ mode: "serial" });

test("upload a log, see its summary and its requests, open one request", async ({ page }) => {
  const upload = uploadPage(page);
  await upload.open();
  await upload.setCluster("e2e-fixture");
  await upload.upload([FIXTURE]);
  expect(await upload.summaries()).toEqual([{ events: 50, added: 50, duplicates: 0, invalid: 1, requests: 24 }]);
  await expect(page.getByText(/line 26/)).toBeVisible(); // the klog line, reported with its number

  await page.goto("/?cluster=e2e-fixture");
  expect(await dashboard(page).total()).toBe(24);

  await page.goto("/?cluster=e2e-fixture&verb=delete");
  expect(await dashboard(page).total()).toBe(3);
  await page.goto("/?cluster=e2e-fixture&user=alice&verb=delete");
  expect(await dashboard(page).total()).toBe(1);
  await page.getByTestId("requests-table").getByRole("link", { name: /deployments/ }).first().click();
  await expect(page).toHaveURL(/\/requests\/\d+$/);
  await expect(page.getByText("alice", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("/apis/apps/v1/namespaces/prod/deployments/api").first()).toBeVisible();
  await expect(page.getByText(/RBAC: allowed by ClusterRoleBinding/).first()).toBeVisible();
  await expect(page.getByText("RequestReceived").first()).toBeVisible();
  await expect(page.getByText("ResponseComplete").first()).toBeVisible();

  await upload.open();
  await upload.setCluster("e2e-fixture");
  await upload.upload([FIXTURE]);
  expect(await upload.summaries()).toEqual([{ events: 50, added: 0, duplicates: 50, invalid: 1, requests: 24 }]);

  // Both runs are recorded, newest first, with their file, cluster, status and the klog line's reason.
  await page.goto("/runs");
  const runs = page.getByTestId("run-row").filter({ hasText: "e2e-fixture" });
  await expect(runs).toHaveCount(2);
  await expect(runs.first()).toContainText("kubectl-session.log");
  await expect(runs.first()).toContainText("done");
  await runs.first().locator("summary").click();
  await expect(runs.first()).toContainText("not JSON (klog line)");
});

/** Processes `pid` has started that are still running; null where /proc does not tell (not Linux, or no `children` files). */
function childProcesses(pid: number): string[] | null {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  let told = false;
  const children: string[] = [];
  for (const task of tasks) {
    let listed: string;
    try {
      listed = fs.readFileSync(`/proc/${pid}/task/${task}/children`, "utf8");
      told = true;
    } catch {
      continue; // the thread ended meanwhile
    }
    for (const child of listed.split(/\s+/).filter(Boolean)) {
      try {
        children.push(`${child} ${fs.readFileSync(`/proc/${child}/comm`, "utf8").trim()}`);
      } catch {
        children.push(child); // ended meanwhile
      }
    }
  }
  return told ? children : null;
}

test("an upload too big to ingest on the server's own thread goes through its workers, the same as a small one, and starts no process", async ({ page }) => {
  // The fixture's events under fresh auditIDs, repeated past the 8 MB at which an upload gets threads of its
  // own, and past the 10 MB Next.js keeps of a body it buffers for proxy.ts (which cut uploads short).
  const lines = fs.readFileSync(FIXTURE, "utf8").split("\n").filter((l) => l.startsWith("{"));
  const copies = Math.ceil((12 << 20) / lines.join("\n").length);
  const big: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const prefix = copy.toString(16).padStart(8, "0");
    for (const line of lines) big.push(line.replace(/"auditID":"[0-9a-f]{8}/, `"auditID":"${prefix}`));
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-e2e-big-")), "big.log");
  fs.writeFileSync(file, big.join("\n") + "\n");
  expect(fs.statSync(file).size).toBeGreaterThan(10 << 20);
  const upload = uploadPage(page);
  await upload.open();
  await upload.setCluster("e2e-big");
  // The workers run the server's own bundle: ones that compiled the TypeScript sources at run time
  // (through tsx, a dev dependency) started esbuild processes beside the server.
  const serverPid = Number(fs.readFileSync(E2E_SERVER_PID_FILE, "utf8"));
  const started = new Set<string>();
  let looked = false;
  let uploading = true;
  const watching = (async () => {
    while (uploading) {
      const children = childProcesses(serverPid);
      if (children) looked = true;
      for (const child of children ?? []) started.add(child);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  await upload.upload([file]).finally(() => (uploading = false));
  await watching;
  expect(await upload.summaries()).toEqual([{ events: 50 * copies, added: 50 * copies, duplicates: 0, invalid: 0, requests: 24 * copies }]);
  // Where Linux's /proc could not tell, the check did not happen: that is a failure, not a pass.
  if (process.platform === "linux") expect(looked).toBe(true);
  expect([...started]).toEqual([]);
  await page.goto("/?cluster=e2e-big");
  expect(await dashboard(page).total()).toBe(24 * copies);
});

test.describe("real logs from ../shared/corpus", () => {
  test.skip(!corpusPresent, "the shared corpus is not beside this clone");

  test("audit2rbac demo.log: exact counts in the browser, and on the dashboard", async ({ page }) => {
    const file = path.join(CORPUS_DIR, "audit2rbac-2017/demo.log");
    const expected = expectedCounts(file);
    const upload = uploadPage(page);
    await upload.open();
    await upload.setCluster("audit2rbac");
    await upload.upload([file]);
    expect(await upload.summaries()).toEqual([
      { events: expected.events, added: expected.distinctEvents, duplicates: 0, invalid: 0, requests: expected.requests },
    ]);
    await page.goto("/?cluster=audit2rbac");
    expect(await dashboard(page).total()).toBe(expected.requests);
    await page.getByTestId("requests-table").locator("tbody tr a").first().click();
    await expect(page).toHaveURL(/\/requests\/\d+$/);
    await expect(page.getByText("system:admin").first()).toBeVisible();
  });

  test("every corpus file uploads with exact counts, and re-uploading adds 0", async ({ page }) => {
    const files = corpusFiles();
    const expected = files.map((f) => expectedCounts(f));
    const upload = uploadPage(page);
    await upload.open();
    await upload.setCluster("corpus");
    await upload.upload(files);
    const shown = await upload.summaries();
    // Files are uploaded one at a time into one cluster, so counts are per file where files share no auditID.
    expect(shown.map((s) => s.events)).toEqual(expected.map((e) => e.events));
    expect(shown.map((s) => s.invalid)).toEqual(files.map(() => 0));
    expect(shown.map((s) => s.requests)).toEqual(expected.map((e) => e.requests));

    await upload.open();
    await upload.setCluster("corpus");
    await upload.upload(files);
    const again = await upload.summaries();
    expect(again.map((s) => s.added)).toEqual(files.map(() => 0));
  });
});
