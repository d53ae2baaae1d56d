import { expect, test, type APIRequestContext } from "@playwright/test";
import { findRequestId, requestPage } from "./pages/drilldown-pages";

const CLUSTER = "e2e-safe-links";
let counter = 0;

function event(time: string, extra = "") {
  counter++;
  const id = `00000000-0000-4000-9000-${String(counter).padStart(12, "0")}`;
  return (
    `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"${id}","stage":"ResponseComplete",` +
    `"requestURI":"/api/v1/namespaces/prod/configmaps/deep","verb":"update","user":{"username":"carol"},"sourceIPs":["10.0.0.9"],` +
    `"objectRef":{"resource":"configmaps","namespace":"prod","name":"deep","apiVersion":"v1"},"responseStatus":{"code":200},` +
    `"requestReceivedTimestamp":"${time}","stageTimestamp":"${time}"${extra}}`
  );
}

/** 10 000 levels, written as text: JSON.stringify itself overflows on such a value. */
const DEEP = '{"kind":"ConfigMap","metadata":{"name":"deep"},"data":' + '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000) + "}";

async function ingest(request: APIRequestContext, lines: string[]) {
  const res = await request.post(`/api/v1/ingest?cluster=${CLUSTER}&filename=safe-links.log`, { data: lines.join("\n") + "\n" });
  expect(res.ok(), await res.text()).toBe(true);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  await ingest(request, [
    event("2024-05-10T12:00:00.000000Z", `,"requestObject":${DEEP},"responseObject":${DEEP}`),
    event("3000-01-01T00:00:00.000000Z"),
  ]);
});

test("a dashboard link with an invalid filter names it and searches nothing", async ({ page }) => {
  await page.goto(`/?cluster=${CLUSTER}&to=2024-13-01`);
  await expect(page.getByTestId("no-match")).toContainText("to parameter is invalid");
  await expect(page.getByTestId("invalid-param")).toHaveAttribute("data-parameter", "to");
  await expect(page.getByTestId("total")).toHaveText("0");

  await page.goto(`/?cluster=${CLUSTER}&range=25h&stack=bogus`);
  await expect(page.getByTestId("invalid-param")).toHaveCount(2);
  await expect(page.getByTestId("no-match")).toContainText("range: one of 15m, 1h, 24h, 7d");
});

test("an actor link with an invalid filter names it", async ({ page }) => {
  await page.goto("/actors/carol?code=1000");
  await expect(page.getByTestId("invalid-params")).toContainText("code");
  await expect(page.getByTestId("invalid-param")).toHaveAttribute("data-parameter", "code");
});

test("a path that does not decode is a 400, not a 500", async ({ request }) => {
  for (const path of ["/actors/%FF", "/actors/%", "/actors/a%E2%82", "/requests/%FF", "/api/v1/requests/%FF"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(400);
  }
});

test("a request whose body nests 10 000 levels opens, collapsed, and expands as far as the tree goes", async ({ page, request }) => {
  const id = await findRequestId(request, { cluster: CLUSTER, q: "-flag:future" });
  const api = await request.get(`/api/v1/requests/${id}`);
  expect(api.status()).toBe(200);
  const req = requestPage(page);
  await req.open(id);
  await expect(req.sentence()).toContainText("carol updated configmap prod/deep");
  const body = page.getByTestId("body-responseObject");
  await expect(body).toBeVisible();
  await body.getByRole("button", { name: "Expand all" }).click();
  await expect(body.getByTestId("json-too-deep")).toHaveCount(1);
  const snapshot = await request.get(`/api/v1/snapshot?cluster=${CLUSTER}`);
  expect(snapshot.status()).toBe(200);
});

test("an event dated in the year 3000 is flagged and found with flag:future", async ({ page }) => {
  await page.goto(`/?cluster=${CLUSTER}&q=flag%3Afuture`);
  await expect(page.getByTestId("total")).toHaveText("1");
  await expect(page.getByTestId("future-flag")).toHaveCount(1);
});
