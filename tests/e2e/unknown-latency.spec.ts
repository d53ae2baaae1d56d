import { expect, test } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { dashboardPage, ingest } from "./pages/dashboard-page";
import { findRequestId, requestPage } from "./pages/drilldown-pages";
import { requestsTable } from "./pages/requests-table";

const CORPUS = path.resolve(__dirname, "../../../shared/corpus");
const DEMO_LOG = path.join(CORPUS, "audit2rbac-2017", "demo.log");
const ELASTIC = path.join(CORPUS, "elastic-integrations", "test-audit.log");
const CLUSTER = "e2e-v1beta1";

test.describe("latency that cannot be measured", () => {
  test.skip(!fs.existsSync(DEMO_LOG), "the shared corpus is absent");

  test.beforeAll(async ({ request }) => {
    await ingest(request, CLUSTER, "demo.log", fs.readFileSync(DEMO_LOG));
    // One v1 request, timed to the microsecond: 12.5 ms.
    const timed = {
      kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: "e2e-v1-timed", stage: "ResponseComplete",
      requestURI: "/api/v1/namespaces/default/pods", verb: "list", user: { username: "alice" }, sourceIPs: ["10.0.0.1"],
      objectRef: { resource: "pods", namespace: "default", apiVersion: "v1" }, responseStatus: { code: 200 },
      requestReceivedTimestamp: "2017-09-11T19:00:00.000100Z", stageTimestamp: "2017-09-11T19:00:00.012600Z",
    };
    await ingest(request, CLUSTER, "timed.jsonl", `${JSON.stringify(timed)}\n`);
  });

  test("a v1beta1 request shows a dash with the reason, not 0.00 ms, and sorts after every measured one", async ({ page, request }) => {
    // Logged as RequestReceived and ResponseComplete, whole seconds apart: it used to show 0.00 ms.
    const id = await findRequestId(request, { cluster: CLUSTER, q: "verb:delete stage:RequestReceived" });
    const detail = requestPage(page);
    await detail.open(id);
    const latency = page.getByTestId("latency");
    await expect(latency).toHaveText("—");
    await expect(latency.getByTestId("latency-unknown")).toHaveAttribute("title", /v1beta1 events carry only a whole-second timestamp/);
    await expect(detail.sentence()).not.toContainText(/<1 ms|0\.00 ms/);
    await page.screenshot({ path: test.info().outputPath("v1beta1-request.png"), fullPage: true });

    const dash = dashboardPage(page);
    await dash.open(`cluster=${CLUSTER}&sort=latency`);
    const table = requestsTable(page);
    expect(await table.latencyOf(0)).toBe(12.5);
    expect(await table.latencyOf(1)).toBeNull();
    await expect(table.rows().nth(1).locator('td[data-column="latency"]')).toHaveText("—");
    await expect(table.table).not.toContainText("0.00 ms");
    await page.screenshot({ path: test.info().outputPath("v1beta1-table.png") });

    // A latency filter matches only what was measured.
    await dash.open(`cluster=${CLUSTER}&q=${encodeURIComponent("latency:<1")}`);
    await dash.expectTotal(0);
  });
});

test.describe("a GKE Cloud Logging record", () => {
  test.skip(!fs.existsSync(ELASTIC), "the shared corpus is absent");

  test("shows the original record as received, the converted event as such, and the cluster it names", async ({ page, request }) => {
    const record = fs.readFileSync(ELASTIC, "utf8").split("\n").find((l) => l.includes("protoPayload"))!;
    // No cluster named: the request takes the record's.
    const res = await request.post("/api/v1/ingest?filename=gke.jsonl", { data: `${record}\n` });
    expect(res.ok(), await res.text()).toBe(true);
    const id = await findRequestId(request, { cluster: "test-cluster" });
    await requestPage(page).open(id);

    await expect(page.getByTestId("detail-cluster")).toHaveText("test-cluster");
    const event = page.getByTestId("stage-event");
    await expect(event).toHaveCount(1);
    await expect(event.getByText("GKE Cloud Logging record", { exact: true })).toBeVisible();
    await expect(event.getByTestId("stage-event-raw")).toContainText("protoPayload");
    const converted = event.getByTestId("stage-event-converted");
    await expect(converted).toContainText("Converted to an audit Event by Auditlens");
    await expect(converted).toContainText("auditID");
    await expect(page.getByTestId("annotations")).toContainText("auditlens.dev/gke-project-id");
    await expect(page.getByTestId("annotations")).toContainText("elastic-siem");
    await expect(page.getByTestId("latency").getByTestId("latency-unknown")).toHaveAttribute("title", /GKE Cloud Logging record has one stage and one timestamp/);
    await page.screenshot({ path: test.info().outputPath("gke-request.png"), fullPage: true });
  });
});
