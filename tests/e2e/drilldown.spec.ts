import path from "node:path";
import { expect, test } from "@playwright/test";
import { CORPUS_DIR, corpusPresent } from "../support/corpus";
import { actorPage, findRequestId, historyPage, ingestInto, requestPage } from "./pages/drilldown-pages";

const FIXTURE = path.resolve(__dirname, "../fixtures/kubectl-session.log");
const CLUSTER = "e2e-drilldown";
const FALCO_CLUSTER = "e2e-drilldown-falco";
const IDENTITIES = path.resolve(__dirname, "../fixtures/drilldown-identities.log");
const IDENTITY_CLUSTER = "e2e-drilldown-identities";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  await ingestInto(request, CLUSTER, [FIXTURE]);
});

test("a request page reads as a sentence, with a JSON tree, related requests and the actor", async ({ page, request }) => {
  const id = await findRequestId(request, { cluster: CLUSTER, user: "alice", verb: "delete" });
  const req = requestPage(page);
  await req.open(id);
  await expect(req.sentence()).toHaveText(/^alice deleted deployment prod\/api — 200 OK, \d+ ms, from 10\.0\.0\.5 with kubectl 1\.30\.3$/);

  // The JSON tree: nested nodes start closed, open and close on click.
  const complete = req.stageEvent("ResponseComplete");
  const expandUser = complete.getByRole("button", { name: "Expand ResponseComplete event.user", exact: true });
  await expect(complete.getByText('"username"')).toHaveCount(0);
  await expandUser.click();
  await expect(complete.getByText('"username"')).toBeVisible();
  await complete.getByRole("button", { name: "Collapse ResponseComplete event.user", exact: true }).click();
  await expect(complete.getByText('"username"')).toHaveCount(0);
  await complete.getByRole("button", { name: "Expand all" }).click();
  await expect(complete.getByText('"authorization.k8s.io/decision"')).toBeVisible();

  // Related: alice's other requests within ±5 minutes, each a link to its request page.
  await expect(req.related()).toHaveCount(7);
  await req.related().first().getByRole("link").click();
  await expect(page).toHaveURL(/\/requests\/\d+$/);
  await expect(page.getByTestId("request-sentence")).toHaveText(/^alice read pod prod\/web-1 — 200 OK/);

  // The username opens the actor view.
  await page.goBack();
  await req.actorLink().click();
  await expect(page).toHaveURL(new RegExp(`/actors/alice\\?cluster=${CLUSTER}$`));
  await expect(actorPage(page).name()).toHaveText("alice");
});

test("why was it allowed: the binding links to every request it allowed", async ({ page, request }) => {
  const id = await findRequestId(request, { cluster: CLUSTER, user: "alice", verb: "delete" });
  const req = requestPage(page);
  await req.open(id);
  await expect(req.bindingLink()).toHaveText("devs-admin");
  await expect(req.roleLink()).toHaveText("admin");
  await req.bindingLink().click();
  await expect(page).toHaveURL(/\/\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("q")).toBe("binding:devs-admin");
  expect(url.searchParams.get("cluster")).toBe(CLUSTER);
  // 22 requests in the fixture carry `… ClusterRoleBinding "devs-admin" …` as their reason.
  const res = await request.get(`/api/v1/requests?${url.searchParams.toString()}&limit=1`);
  expect(((await res.json()) as { total: number }).total).toBe(22);
});

test("the actor view lists sessions that open the dashboard on that session", async ({ page }) => {
  await page.goto(`/actors/alice?cluster=${CLUSTER}`);
  const actor = actorPage(page);
  await expect(actor.name()).toHaveText("alice");
  await expect(actor.sessions()).toHaveCount(1);
  await expect(actor.sessions().first().getByTestId("session-count")).toHaveText("8");
  await expect(actor.sessions().first()).toContainText("kubectl 1.30.3");
  expect(await actor.total()).toBe(8);

  // Zooming the actor's own timeline narrows the actor view, not the dashboard.
  await actor.dragTimeline(0.02, 0.45);
  await expect(page).toHaveURL(/\/actors\/alice\?.*from=/);
  await expect.poll(() => actor.total()).toBeLessThan(8);
  expect(await actor.total()).toBeGreaterThan(0);
  await page.goBack();
  await expect.poll(() => actor.total()).toBe(8);
  await actor.sessions().first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("q")).toContain("(user:alice OR actor:alice) ip:10.0.0.5 ua:");
  expect(url.searchParams.get("from")).toBe("2024-05-10T14:00:00.000Z");
});

test("an OIDC username with / # and % opens its actor view; a Node-authorizer denial is explained as written", async ({ page, request }) => {
  await ingestInto(request, IDENTITY_CLUSTER, [IDENTITIES]);
  const user = "https://issuer.example.com/#alice%40x";
  const id = await findRequestId(request, { cluster: IDENTITY_CLUSTER, user });
  const req = requestPage(page);
  await req.open(id);
  await req.actorLink().click();
  await expect(actorPage(page).name()).toHaveText(user);
  await expect(page.getByTestId("actor-total")).toHaveText("3");
  await expect(actorPage(page).sessions()).toHaveCount(1);

  const denied = await findRequestId(request, { cluster: IDENTITY_CLUSTER, user: "system:node:n1" });
  await req.open(denied);
  await expect(req.sentence()).toHaveText(/^system:node:n1 was forbidden to read pod prod\/web-1 — 403 Forbidden/);
  await expect(page.getByTestId("why-allowed")).toContainText("no relationship found between node 'n1' and this object");
});

test.describe("object history on real logs", () => {
  test.skip(!corpusPresent, "the shared corpus is not beside this clone");

  test("a configmap created, changed and deleted: who did what, with a diff between versions", async ({ page, request }) => {
    const dir = path.join(CORPUS_DIR, "falco-k8s-audit");
    await ingestInto(
      request,
      FALCO_CLUSTER,
      ["create_configmap_sensitive_values.json", "create_configmap_no_sensitive_values.json", "create_configmap.json", "delete_configmap.json"].map((f) => path.join(dir, f)),
    );
    // From the delete request to its object's history.
    const id = await findRequestId(request, { cluster: FALCO_CLUSTER, verb: "delete", resource: "configmaps" });
    const req = requestPage(page);
    await req.open(id);
    await expect(req.sentence()).toHaveText(/^minikube-user deleted configmap default\/my-config — 200 OK/);
    await req.historyLink().click();
    await expect(page).toHaveURL(/\/objects\?/);

    const history = historyPage(page);
    await expect(history.title()).toHaveText("History of configmap default/my-config");
    await expect(history.entries()).toHaveCount(9);
    // Newest first: the delete, showing what was deleted.
    const deleted = history.entries().first();
    await expect(deleted).toHaveAttribute("data-verb", "delete");
    await expect(deleted.getByTestId("history-last-known")).toContainText("color.good=purple");
    // The re-create before it changed uid and creationTimestamp; the one before removed a key.
    const removed = history.diffRows().filter({ hasText: 'data["access.properties"]' }).and(page.locator('[data-change="removed"]'));
    await expect(removed).toHaveCount(1);
    await expect(removed).toContainText("passphrase = MY-ID");
    // Bookkeeping fields are hidden until asked for.
    await expect(history.diffRows().filter({ hasText: "metadata.resourceVersion" })).toHaveCount(0);
    await page.getByRole("link", { name: "All fields" }).click();
    await expect(page).toHaveURL(/fields=all/);
    await expect(history.diffRows().filter({ hasText: "metadata.resourceVersion" }).first()).toBeVisible();
    await page.getByRole("link", { name: "Oldest first" }).click();
    await expect(history.entries().first()).toContainText("first logged version");

    // The same history as JSON, for scripts.
    const res = await request.get(`/api/v1/objects?${new URLSearchParams({ cluster: FALCO_CLUSTER, resource: "configmaps", ns: "default", name: "my-config" }).toString()}`);
    const json = (await res.json()) as { entries: { request: { verb: string } }[]; versions: number };
    expect(json.entries.map((e) => e.request.verb)).toEqual(["delete", ...Array(8).fill("create")]);
    expect(json.versions).toBe(8);
    expect((await request.get("/api/v1/objects?resource=configmaps")).status()).toBe(400);
  });
});
