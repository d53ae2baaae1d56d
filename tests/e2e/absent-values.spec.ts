import { expect, test } from "@playwright/test";
import { dashboardPage, ingest } from "./pages/dashboard-page";

const CLUSTER = "e2e-absent";

/** Namespaced pods in two namespaces, and cluster-scoped nodes and namespaces, which have no namespace. */
const REFS = [
  { resource: "pods", namespace: "web", name: "a" },
  { resource: "pods", namespace: "web", name: "b" },
  { resource: "pods", namespace: "jobs", name: "c" },
  { resource: "nodes", name: "node-1" },
  { resource: "namespaces", name: "web" },
];

test.beforeAll(async ({ request }) => {
  const lines = REFS.map((ref, i) =>
    JSON.stringify({
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: "Metadata",
      auditID: `e2e-absent-${i}`,
      stage: "ResponseComplete",
      requestURI: ref.namespace ? `/api/v1/namespaces/${ref.namespace}/${ref.resource}/${ref.name}` : `/api/v1/${ref.resource}/${ref.name}`,
      verb: "get",
      user: { username: "alice", groups: ["system:authenticated"] },
      sourceIPs: ["10.2.0.1"],
      objectRef: { ...ref, apiVersion: "v1" },
      responseStatus: { code: 200 },
      requestReceivedTimestamp: `2024-06-02T10:00:0${i}.000000Z`,
      stageTimestamp: `2024-06-02T10:00:0${i}.002000Z`,
    }),
  );
  await ingest(request, CLUSTER, "absent.jsonl", lines.join("\n") + "\n");
});

test("(none) in the namespace breakdown filters to the cluster-scoped requests, and excludes them", async ({ page }) => {
  const dash = dashboardPage(page);
  await dash.open(`cluster=${CLUSTER}`);
  await dash.expectTotal(5);
  const none = dash.absentEntry("namespace");
  await expect(none).toHaveText(/\(none\)\s*2/);
  await page.screenshot({ path: test.info().outputPath("absent-breakdowns.png"), fullPage: true });

  await none.getByTestId("facet-include").click();
  await expect(page).toHaveURL(/[?&]q=ns%3A%22%22(&|$)/);
  await dash.expectTotal(2);
  expect((await dash.facetValues("resource")).sort()).toEqual(["namespaces", "nodes"]);
  await expect(dash.facet("namespace").getByTestId("facet-entry")).toHaveCount(1);
  await expect(none.getByTestId("facet-include")).toHaveAttribute("aria-current", "true");
  await page.screenshot({ path: test.info().outputPath("absent-filtered.png"), fullPage: true });

  // Clicking the active entry again removes its filter; the exclude control keeps the namespaced requests.
  await none.getByTestId("facet-include").click();
  await dash.expectTotal(5);
  await none.hover();
  await none.getByTestId("facet-exclude").click();
  await expect(page).toHaveURL(/[?&]q=-ns%3A%22%22(&|$)/);
  await dash.expectTotal(3);
  await expect(none).toHaveCount(0);
  expect(await dash.facetValues("namespace")).toEqual(["web", "jobs"]);
});

test("GET /api/v1/stats marks the (none) entry with absent: true and an empty value", async ({ request }) => {
  const res = await request.get(`/api/v1/stats?cluster=${CLUSTER}`);
  expect(res.status()).toBe(200);
  const stats = (await res.json()) as { total: number; facets: Record<string, { value: string; count: number; absent?: boolean }[]> };
  expect(stats.facets.namespace).toEqual([
    { value: "web", count: 2 },
    { value: "", count: 2, absent: true },
    { value: "jobs", count: 1 },
  ]);
  expect(stats.facets.namespace!.reduce((n, e) => n + e.count, 0)).toBe(stats.total);
});
