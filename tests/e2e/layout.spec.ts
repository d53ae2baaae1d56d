import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { CORPUS_DIR, corpusPresent } from "../support/corpus";
import { dashboardPage, ingest } from "./pages/dashboard-page";
import { findRequestId, ingestInto } from "./pages/drilldown-pages";
import { box, clippedElements, overflowPast } from "./pages/geometry";

/**
 * Nothing cut off, nothing overlapping, at the 1440×900 the browser tests run at (playwright.config.ts):
 * each test measures boxes, not pixels of a screenshot.
 */
const CLUSTER = "e2e-layout";

/** Real objects with long names: a node lease named after its host, an Elastic agent's lease, a generated pod name. */
const CORPUS = ["kube-audit-log-tool/single-event.json", "elastic-integrations/test-audit.log", "falco-k8s-audit/exec_pod.json", "falco-k8s-audit/create_secret.json"];
const NAMES = [
  "kube-node-lease/ip-10-0-31-19.us-west-2.compute.internal",
  "kube-system/elastic-agent-cluster-test",
  "default/nginx-deployment-7998647bdf-phvq7",
  "default/example-secret",
];

test.beforeAll(async ({ request }) => {
  if (corpusPresent) await ingestInto(request, CLUSTER, CORPUS.map((f) => path.join(CORPUS_DIR, f)));
});

test.describe("the requests table", () => {
  test.skip(!corpusPresent, "the shared corpus is not beside this clone");
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("shows object names whole, with the full name on hover and a copy button", async ({ page }) => {
    await dashboardPage(page).open(`cluster=${CLUSTER}`);
    for (const name of NAMES) {
      const cell = page.locator('[data-testid="request-row"] td[data-column="object"]').filter({ hasText: name }).first();
      await expect(cell).toBeVisible();
      expect(await clippedElements(cell), name).toEqual([]);
      await expect(cell.locator(`[title="${name}"]`).first()).toBeAttached();
    }

    const cell = page.locator('td[data-column="object"]').filter({ hasText: NAMES[0]! }).first();
    const url = page.url();
    await cell.hover();
    await cell.getByRole("button", { name: `Copy ${NAMES[0]}` }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(NAMES[0]);
    expect(page.url()).toBe(url);

    // A click on the name itself still opens the request: the name lets it through to the row's link.
    const name = await box(cell.getByText("ip-10-0-31-19.us-west-2.compute.internal"));
    await page.mouse.click((name.left + name.right) / 2, (name.top + name.bottom) / 2);
    await expect(page).toHaveURL(/\/requests\/\d+$/);
  });
});

test("/runs fits its card: a long cluster and file name wrap, the status and Delete stay in view", async ({ page, request }) => {
  // A GKE kubeconfig context names its cluster this way.
  const cluster = "gke_my-gcp-project_europe-west1-b_production-cluster-01";
  const file = "kube-apiserver-audit-2025-07-16T10-12-56Z-gke-production-cluster-01.jsonl";
  await ingest(request, cluster, file, `${JSON.stringify(event("e2e-layout-run", {}))}\n`);
  await page.goto("/runs");
  const table = page.getByTestId("runs-table");
  const card = table.locator("xpath=..");
  expect(await card.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);

  const row = page.getByTestId("run-row").filter({ hasText: cluster });
  expect(await clippedElements(row)).toEqual([]);
  const status = row.locator("td").nth(12);
  await expect(status).toHaveText("done");
  await expect(row.getByRole("button", { name: "Delete" })).toBeInViewport();
  expect(await overflowPast(status, card)).toBe(0);
  expect(await overflowPast(row.getByRole("button", { name: "Delete" }), card)).toBe(0);
});

test("a long group chip breaks inside its column on the request page", async ({ page, request }) => {
  const group = "system:serviceaccounts:pinniped-concierge";
  await ingest(request, CLUSTER, "pinniped.jsonl", `${JSON.stringify(event("e2e-layout-pinniped", { groups: ["system:serviceaccounts", group, "system:authenticated"] }))}\n`);
  await page.goto(`/requests/${await findRequestId(request, { cluster: CLUSTER, q: "auditid:e2e-layout-pinniped" })}`);
  const value = page.locator("div:has(> dt)").filter({ has: page.locator("dt", { hasText: /^Groups$/ }) }).locator("dd");
  const chip = value.getByText(group, { exact: true });
  await expect(chip).toBeVisible();
  expect(await overflowPast(chip, value)).toBe(0);
  // Nor does it run under the next column's values.
  const verb = page.locator("div:has(> dt)").filter({ has: page.locator("dt", { hasText: /^Verb$/ }) });
  expect((await box(chip)).right).toBeLessThanOrEqual((await box(verb)).left);
});

test.describe("timeline legends", () => {
  test.skip(!corpusPresent, "the shared corpus is not beside this clone");

  async function legendClick(page: Page, testId: string, series: string) {
    await page.getByTestId(testId).locator(`[data-testid="legend-entry"][data-series="${series}"]`).getByRole("link").click();
  }

  test("the dashboard's legend names each colour and filters to its series through the URL", async ({ page, request }) => {
    const dash = dashboardPage(page);
    const count = async (q: string) => {
      const res = await request.get(`/api/v1/requests?${new URLSearchParams({ cluster: CLUSTER, q, limit: "1" }).toString()}`);
      return ((await res.json()) as { total: number }).total;
    };
    await dash.open(`cluster=${CLUSTER}`);
    const legend = page.getByTestId("timeline").getByTestId("timeline-legend");
    await expect(legend.getByTestId("legend-entry")).toHaveText(["read", "write"]);

    await legendClick(page, "timeline", "write");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("verb:create,update,patch");
    await dash.expectTotal(await count("verb:create,update,patch"));
    // Clicked again, it removes its filter.
    await legendClick(page, "timeline", "write");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBeNull();

    await dash.open(`cluster=${CLUSTER}&stack=code`);
    await legendClick(page, "timeline", "2xx");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("code:2xx");
    await dash.expectTotal(await count("code:2xx"));

    await dash.open(`cluster=${CLUSTER}&stack=user`);
    await legendClick(page, "timeline", "minikube-user");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("user:minikube-user");
    await dash.expectTotal(await count("user:minikube-user"));
  });

  test("the actor view's legend filters the actor view to a verb class", async ({ page }) => {
    await page.goto(`/actors/minikube-user?cluster=${CLUSTER}`);
    const legend = page.getByTestId("actor-timeline").getByTestId("timeline-legend");
    await expect(legend.getByTestId("legend-entry")).not.toHaveCount(0);
    await legendClick(page, "actor-timeline", "write");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/actors/minikube-user");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("verb:create,update,patch");
    await expect(legend.locator('[aria-current="true"]')).toHaveText("write");
  });
});

/** One ResponseComplete event, its user in `groups`. */
function event(auditID: string, { groups = ["system:authenticated"] }: { groups?: string[] }) {
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID,
    stage: "ResponseComplete",
    requestURI: "/apis/coordination.k8s.io/v1/namespaces/pinniped-concierge/leases/pinniped-concierge-kube-cert-agent",
    verb: "update",
    user: { username: "system:serviceaccount:pinniped-concierge:pinniped-concierge-kube-cert-agent", groups },
    sourceIPs: ["10.0.0.9"],
    objectRef: { resource: "leases", namespace: "pinniped-concierge", name: "pinniped-concierge-kube-cert-agent", apiGroup: "coordination.k8s.io", apiVersion: "v1" },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: "2025-03-04T06:22:18.819232Z",
    stageTimestamp: "2025-03-04T06:22:18.822532Z",
  };
}
