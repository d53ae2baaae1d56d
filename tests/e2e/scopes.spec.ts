import { expect, test } from "@playwright/test";
import { SCOPED_CLUSTER, SIGNED_IN_URL, USERS } from "../support/e2e-signed-in";
import { dashboardPage } from "./pages/dashboard-page";
import { asAdmin, ingestAsAdmin, signIn } from "./pages/sign-in";

/** Three requests in team-a, two in team-b (one deleting a secret) and one cluster-scoped (nodes). */
function scopedLog(): string {
  const event = (i: number, verb: string, resource: string, namespace: string | null, name: string) => ({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: `5c0b0000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    stage: "ResponseComplete",
    requestURI: namespace ? `/api/v1/namespaces/${namespace}/${resource}/${name}` : `/api/v1/${resource}/${name}`,
    verb,
    user: { username: `user-${namespace ?? "cluster"}`, groups: ["system:authenticated"] },
    sourceIPs: ["10.0.0.9"],
    objectRef: { resource, ...(namespace ? { namespace } : {}), name, apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: `2024-06-01T10:00:0${i}.000000Z`,
    stageTimestamp: `2024-06-01T10:00:0${i}.010000Z`,
  });
  return [
    event(1, "get", "pods", "team-a", "web-1"),
    event(2, "delete", "pods", "team-a", "web-2"),
    event(3, "update", "configmaps", "team-a", "settings"),
    event(4, "get", "pods", "team-b", "db-1"),
    event(5, "delete", "secrets", "team-b", "db-password"),
    event(6, "get", "nodes", null, "node-1"),
  ]
    .map((e) => JSON.stringify(e))
    .join("\n");
}

test("a scoped user sees only their namespaces: counts, breakdowns, requests, export, snapshot and share links", async ({ page, request }) => {
  await ingestAsAdmin(request, SCOPED_CLUSTER, scopedLog());
  const teamB = (await (await request.get(`${SIGNED_IN_URL}/api/v1/requests?cluster=${SCOPED_CLUSTER}&namespace=team-b`, { headers: asAdmin })).json()) as { total: number; items: { id: number }[] };
  expect(teamB.total).toBe(2);

  await signIn(page, USERS.scoped, `/?cluster=${SCOPED_CLUSTER}`);
  await expect(page.getByTestId("signed-in-user")).toContainText("scoped");
  const dash = dashboardPage(page);
  await dash.expectTotal(3);
  expect(await dash.facetValues("namespace")).toEqual(["team-a"]);
  expect(await dash.facetValues("user")).toEqual(["user-team-a"]);

  // A teammate's link to another namespace, or to everything, opens on what the scope allows.
  await page.goto(`${SIGNED_IN_URL}/?cluster=${SCOPED_CLUSTER}&namespace=team-b`);
  await dash.expectTotal(0);
  await page.goto(`${SIGNED_IN_URL}/`);
  await dash.expectTotal(3);

  // An out-of-scope request id is a 404, on the page and the API.
  const hidden = await page.goto(`${SIGNED_IN_URL}/requests/${teamB.items[0]!.id}`);
  expect(hidden!.status()).toBe(404);
  expect((await page.request.get(`${SIGNED_IN_URL}/api/v1/requests/${teamB.items[0]!.id}`)).status()).toBe(404);

  const api = (path: string) => page.request.get(`${SIGNED_IN_URL}${path}`);
  expect(((await (await api("/api/v1/summary")).json()) as { requests: number }).requests).toBe(3);
  expect(((await (await api("/api/v1/stats")).json()) as { total: number }).total).toBe(3);
  const jsonl = await (await api("/api/v1/export?format=jsonl")).text();
  expect(jsonl.trim().split("\n")).toHaveLength(3);
  expect(jsonl).not.toContain("team-b");
  expect(jsonl).not.toContain("node-1");
  const csv = await (await api("/api/v1/export?format=csv&q=verb:delete")).text();
  expect(csv).toContain("web-2");
  expect(csv).not.toContain("db-password");
  const snapshot = await (await api("/api/v1/snapshot")).text();
  expect(snapshot).toContain("web-1");
  expect(snapshot).not.toContain("team-b");
  expect(snapshot).not.toContain("db-password");
  const suggest = (await (await api("/api/v1/suggest?field=ns&prefix=team")).json()) as { values: { value: string }[] };
  expect(suggest.values.map((v) => v.value)).toEqual(["team-a"]);
  const history = (await (await api(`/api/v1/objects?cluster=${SCOPED_CLUSTER}&resource=secrets&ns=team-b&name=db-password`)).json()) as { entries: unknown[] };
  expect(history.entries).toEqual([]);
  expect((await api("/api/v1/runs")).status()).toBe(200);
  expect(((await (await api("/api/v1/runs")).json()) as { items: unknown[] }).items).toEqual([]);
  expect((await api("/api/v1/sources")).status()).toBe(403);
  // Nor can a scoped user upload into another cluster.
  expect((await page.request.post(`${SIGNED_IN_URL}/api/v1/ingest?cluster=other`, { data: Buffer.from("{}\n"), headers: { "content-type": "application/octet-stream" } })).status()).toBe(403);
});
