import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_TAIL_FILE, E2E_WEBHOOK_TOKEN } from "../support/e2e-env";

function events(prefix: string, n: number): string {
  const now = Date.now();
  return (
    Array.from({ length: n }, (_, i) => {
      const t = new Date(now - 1000 + i).toISOString();
      return JSON.stringify({
        kind: "Event",
        apiVersion: "audit.k8s.io/v1",
        level: "Metadata",
        auditID: `${prefix}-${i}`,
        stage: "ResponseComplete",
        requestURI: `/api/v1/namespaces/live/configmaps/cm-${i}`,
        verb: "update",
        user: { username: "live-tester", groups: ["system:authenticated"] },
        sourceIPs: ["10.1.2.3"],
        objectRef: { resource: "configmaps", namespace: "live", name: `cm-${i}`, apiVersion: "v1" },
        responseStatus: { metadata: {}, code: 200 },
        requestReceivedTimestamp: t,
        stageTimestamp: t,
      });
    }).join("\n") + "\n"
  );
}

test.describe.configure({ mode: "serial" });

test("with Live on, events appended to the tailed file appear on the page", async ({ page }) => {
  fs.mkdirSync(E2E_TAIL_FILE.replace(/audit\.log$/, ""), { recursive: true });
  fs.appendFileSync(E2E_TAIL_FILE, events("live-a", 3));
  await page.goto("/?cluster=e2e-live&live=1");
  await expect(page.getByTestId("total")).toHaveText("3", { timeout: 10_000 });
  await expect(page.getByTestId("live-rate")).toBeVisible();
  const url = page.url();
  fs.appendFileSync(E2E_TAIL_FILE, events("live-b", 4));
  await expect(page.getByTestId("total")).toHaveText("7", { timeout: 10_000 });
  expect(page.url()).toBe(url); // refreshed in place, not reloaded elsewhere

  await page.goto("/sources");
  await expect(page.getByTestId("tail-row")).toContainText("following");
  await expect(page.getByTestId("tail-events")).toHaveText("7");
});

test("the webhook stores a batch with the right token and refuses a wrong one", async ({ request, page }) => {
  const list = {
    kind: "EventList",
    apiVersion: "audit.k8s.io/v1",
    metadata: {},
    items: events("hook", 5)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as object),
  };
  const refused = await request.post("/api/v1/audit/webhook?cluster=e2e-hook", { data: list, headers: { Authorization: "Bearer wrong" } });
  expect(refused.status()).toBe(401);
  const ok = await request.post("/api/v1/audit/webhook?cluster=e2e-hook", { data: list, headers: { Authorization: `Bearer ${E2E_WEBHOOK_TOKEN}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ events: 5, added: 5 });
  await page.goto("/?cluster=e2e-hook");
  await expect(page.getByTestId("total")).toHaveText("5");
  await page.goto("/sources");
  await expect(page.getByTestId("webhook-card")).toContainText("enabled");
});
