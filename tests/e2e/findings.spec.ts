import { expect, test, type Page } from "@playwright/test";
import { ingest } from "./pages/dashboard-page";

const CLUSTER = "e2e-findings";
const SHOTS = process.env.FINDINGS_SCREENSHOTS;

const at = (second: number) => `2024-07-01T09:${String(Math.floor(second / 60)).padStart(2, "0")}:${String(second % 60).padStart(2, "0")}.000000Z`;

function event(auditID: string, second: number, over: Record<string, unknown>) {
  return JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID,
    stage: "ResponseComplete",
    verb: "get",
    user: { username: "alice", groups: ["system:authenticated"] },
    sourceIPs: ["10.3.0.1"],
    userAgent: "kubectl/v1.31.0 (linux/amd64) kubernetes/abc",
    responseStatus: { code: 200 },
    requestReceivedTimestamp: at(second),
    stageTimestamp: at(second),
    ...over,
  });
}

const podSpec = { containers: [{ name: "app", image: "registry.k8s.io/pause:3.9", securityContext: { privileged: true } }] };

/** A privileged pod created by alice, then an exec into it by mallory, and a burst of 403s by bob. */
function log(): string {
  const lines = [
    event("f-create", 0, {
      level: "Request",
      verb: "create",
      requestURI: "/api/v1/namespaces/dev/pods",
      objectRef: { resource: "pods", namespace: "dev", name: "web-0", apiVersion: "v1" },
      requestObject: { kind: "Pod", apiVersion: "v1", metadata: { name: "web-0", namespace: "dev" }, spec: podSpec },
      responseStatus: { code: 201 },
    }),
    event("f-exec", 30, {
      verb: "create",
      user: { username: "mallory", groups: ["system:authenticated"] },
      requestURI: "/api/v1/namespaces/dev/pods/web-0/exec?command=sh&container=app&stdin=true&stdout=true&tty=true",
      objectRef: { resource: "pods", subresource: "exec", namespace: "dev", name: "web-0", apiVersion: "v1" },
      responseStatus: { code: 101 },
    }),
  ];
  for (let i = 0; i < 22; i++) {
    lines.push(
      event(`f-denied-${i}`, 60 + i, {
        user: { username: "bob", groups: ["system:authenticated"] },
        sourceIPs: ["10.9.9.9"],
        requestURI: `/api/v1/namespaces/prod/secrets/s${i}`,
        objectRef: { resource: "secrets", namespace: "prod", name: `s${i}`, apiVersion: "v1" },
        responseStatus: { code: 403 },
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

test.beforeAll(async ({ request }) => {
  await ingest(request, CLUSTER, "findings.jsonl", log());
});

test("the Findings page lists what the rules found, most severe first, with counts", async ({ page, request }) => {
  await page.goto(`/findings?cluster=${CLUSTER}`);
  const rows = page.getByTestId("finding-row");
  await expect(page.locator('[data-rule="k8s.pod-exec"]')).toBeVisible();
  await expect(page.locator('[data-rule="k8s.forbidden-burst"]').getByTestId("finding-count")).toHaveText("22");
  await expect(page.locator('[data-rule="k8s.privileged-pod"]').getByTestId("finding-count")).toHaveText("1");
  await expect(page.locator('[data-rule="k8s.pod-created-then-exec"]').getByTestId("finding-count")).toHaveText("2");
  const severities = await rows.getByTestId("severity").allTextContents();
  const rank = (s: string) => ["low", "medium", "high", "critical"].indexOf(s);
  expect(severities.map(rank)).toEqual([...severities.map(rank)].sort((a, b) => b - a));
  await expect(page.locator('[data-rule="k8s.pod-exec"]').getByRole("link", { name: "T1609" })).toHaveAttribute("href", "https://attack.mitre.org/techniques/T1609/");
  await shot(page, "findings");

  const api = await request.get(`/api/v1/findings?cluster=${CLUSTER}`);
  const body = (await api.json()) as { rules: { id: string; count: number; url: string }[]; stale: boolean };
  expect(body.rules.find((r) => r.id === "k8s.pod-exec")).toMatchObject({ count: 1, url: `/?cluster=${CLUSTER}&q=rule%3Ak8s.pod-exec` });
  expect(body.stale).toBe(false);
});

test("a finding opens the dashboard on exactly its requests, and a request lists the rules that found it", async ({ page }) => {
  await page.goto(`/findings?cluster=${CLUSTER}`);
  await page.locator('[data-rule="k8s.forbidden-burst"]').getByTestId("finding-dashboard-link").click();
  await expect(page).toHaveURL(/q=rule%3Ak8s.forbidden-burst/);
  await expect(page.getByTestId("total")).toHaveText("22");
  await expect(page.getByTestId("findings-strip")).toBeVisible();

  await page.goto(`/?cluster=${CLUSTER}`);
  await expect(page.getByTestId("findings-strip")).toContainText("high");
  await shot(page, "dashboard-strip");
  await page.getByTestId("findings-strip").click();
  await expect(page).toHaveURL(new RegExp(`/findings\\?cluster=${CLUSTER}$`));

  await page.locator('[data-rule="k8s.pod-exec"]').getByTestId("finding-title").click();
  await expect(page.getByTestId("rule-title")).toHaveText("Command run in a pod (exec)");
  await expect(page.getByTestId("rule-why")).not.toBeEmpty();
  await shot(page, "finding-rule");
  await page.getByTestId("hit-link").first().click();
  await expect(page).toHaveURL(/\/requests\/\d+$/);
  const found = page.getByTestId("found-by-rule");
  await expect(found.filter({ hasText: "Command run in a pod (exec)" })).toBeVisible();
  await expect(found.filter({ hasText: "k8s.pod-created-then-exec" })).toBeVisible();
  await shot(page, "request-found-by");
});

test("a sequence shows its requests as an episode, in time order", async ({ page }) => {
  await page.goto(`/findings/k8s.pod-created-then-exec?cluster=${CLUSTER}`);
  const episode = page.getByTestId("episode");
  await expect(episode).toHaveCount(1);
  await expect(episode.getByTestId("hit-row")).toHaveCount(2);
  await expect(episode.getByTestId("hit-row").first()).toContainText("alice");
  await expect(episode.getByTestId("hit-row").last()).toContainText("mallory");
  await shot(page, "finding-sequence");
});

test("a view without findings teaches rather than shows an empty table", async ({ page }) => {
  await page.goto(`/findings?cluster=${CLUSTER}&q=user:nobody`);
  await expect(page.getByTestId("findings-empty")).toContainText("No findings in this view");
  await page.goto(`/?cluster=${CLUSTER}&q=user:nobody`);
  await expect(page.getByTestId("findings-strip")).toHaveCount(0);
});
