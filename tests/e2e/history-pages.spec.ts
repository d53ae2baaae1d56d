import { expect, test } from "@playwright/test";
import { historyPage } from "./pages/drilldown-pages";

const CLUSTER = "e2e-history-pages";
const OBJECT = { cluster: CLUSTER, resource: "configmaps", ns: "prod", name: "settings" };
const STEPS = 25;

/** A configmap created and then updated 24 times at RequestResponse level, a minute apart: two pages. */
function log(): string {
  const lines = [];
  for (let i = 0; i < STEPS; i++) {
    const received = new Date(Date.UTC(2024, 4, 10, 12, i)).toISOString().replace("Z", "000Z");
    const verb = i === 0 ? "create" : "update";
    const object = { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "settings", namespace: "prod", resourceVersion: String(100 + i) }, data: { mode: `step-${i}` } };
    lines.push({
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: "RequestResponse",
      auditID: `00000000-0000-4000-8000-${String(900 + i).padStart(12, "0")}`,
      stage: "ResponseComplete",
      requestURI: i === 0 ? "/api/v1/namespaces/prod/configmaps" : "/api/v1/namespaces/prod/configmaps/settings",
      verb,
      user: { username: "alice", groups: ["system:authenticated"] },
      sourceIPs: ["10.0.0.5"],
      userAgent: "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69",
      objectRef: { resource: "configmaps", namespace: "prod", name: "settings", apiVersion: "v1" },
      responseStatus: { metadata: {}, code: i === 0 ? 201 : 200 },
      requestObject: object,
      responseObject: object,
      requestReceivedTimestamp: received,
      stageTimestamp: received.replace("000Z", "900Z"),
      annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "" },
    });
  }
  return lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
}

test.beforeAll(async ({ request }) => {
  const res = await request.post(`/api/v1/ingest?cluster=${CLUSTER}&filename=history.log`, { data: log() });
  expect(res.ok()).toBe(true);
});

test("a long history opens on its newest page, and a page's first diff reaches the version on the next", async ({ page }, testInfo) => {
  const history = historyPage(page);
  await history.open(OBJECT);
  await expect(page.getByTestId("history-pages")).toContainText(`20 of ${STEPS} on this page · newest first`);
  await expect(history.entries()).toHaveCount(20);
  await expect(history.entries().first()).toContainText("step-24");
  // The page's oldest, step 5, changed what step 4 left: a version on the next page.
  const boundary = history.entries().last();
  await expect(boundary.getByTestId("diff-row")).toHaveCount(1);
  await expect(boundary.getByTestId("diff-row")).toContainText("step-4");
  await expect(boundary.getByTestId("diff-row")).toContainText("step-5");
  await page.screenshot({ path: testInfo.outputPath("history-newest-page.png") });

  await page.getByTestId("history-next").click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(history.entries()).toHaveCount(5);
  await expect(history.entries().first().getByTestId("diff-row")).toContainText("step-3");
  await expect(history.entries().last()).toContainText("first logged version");
  await page.screenshot({ path: testInfo.outputPath("history-older-page.png"), fullPage: true });

  await page.getByTestId("history-first").click();
  await expect(history.entries().first()).toContainText("step-24");
  await page.getByRole("link", { name: "Oldest first" }).click();
  await expect(history.entries()).toHaveCount(20);
  await expect(history.entries().first()).toContainText("first logged version");
  await page.getByTestId("history-next").click();
  await expect(history.entries()).toHaveCount(5);
  await expect(history.entries().first().getByTestId("diff-row")).toContainText("step-19");
});

test("the JSON history pages the same way, and names a cursor it did not hand out", async ({ request }) => {
  const url = (extra: Record<string, string>) => `/api/v1/objects?${new URLSearchParams({ ...OBJECT, ...extra }).toString()}`;
  const first = (await (await request.get(url({ limit: "10" }))).json()) as { entries: unknown[]; total: number; next: string | null };
  expect(first.entries).toHaveLength(10);
  expect(first.total).toBe(STEPS);
  expect(first.next).not.toBeNull();
  const bad = await request.get(url({ cursor: "not-a-cursor!" }));
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { parameter: string }).parameter).toBe("cursor");
});
