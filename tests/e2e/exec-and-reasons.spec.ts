import { expect, test } from "@playwright/test";
import { ingest } from "./pages/dashboard-page";
import { findRequestId, requestPage } from "./pages/drilldown-pages";

const CLUSTER = "e2e-exec";

const event = (auditID: string, second: number, over: Record<string, unknown>) =>
  JSON.stringify({
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
    requestReceivedTimestamp: `2024-06-03T10:00:0${second}.000000Z`,
    stageTimestamp: `2024-06-03T10:00:0${second}.004000Z`,
    ...over,
  });

const allow = (reason: string) => ({ annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": reason } });
const pod = (subresource: string) => ({ resource: "pods", subresource, namespace: "dev", name: "db-0", apiVersion: "v1" });

test.beforeAll(async ({ request }) => {
  const lines = [
    event("e2e-exec-1", 1, {
      verb: "create",
      requestURI: "/api/v1/namespaces/dev/pods/db-0/exec?command=sh&command=-c&command=id&container=app&stdin=true&stdout=true&stderr=true&tty=true",
      objectRef: pod("exec"),
      responseStatus: { code: 101 },
      ...allow('RBAC: allowed by RoleBinding "exec-team/dev" of ClusterRole "edit" to User "alice"'),
    }),
    event("e2e-exec-2", 2, {
      verb: "create",
      requestURI: "/api/v1/namespaces/dev/pods/db-0/exec?command=bash&container=sidecar&stdout=true",
      objectRef: pod("exec"),
      responseStatus: { code: 101 },
    }),
    // Written with bare names, as re-serialised logs have them.
    event("e2e-unquoted", 3, {
      requestURI: "/api/v1/namespaces/dev/secrets/db-password",
      objectRef: { resource: "secrets", namespace: "dev", name: "db-password", apiVersion: "v1" },
      ...allow("RBAC: allowed by ClusterRoleBinding ops-admins of ClusterRole admin to Group ops"),
    }),
    event("e2e-masters", 4, {
      user: { username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] },
      requestURI: "/api/v1/namespaces/dev/secrets/db-password",
      objectRef: { resource: "secrets", namespace: "dev", name: "db-password", apiVersion: "v1" },
      ...allow(""),
    }),
  ];
  await ingest(request, CLUSTER, "exec.jsonl", lines.join("\n") + "\n");
});

test("the request page of an exec shows its command and container, each a filter", async ({ page, request }) => {
  const id = await findRequestId(request, { cluster: CLUSTER, q: "auditid:e2e-exec-1" });
  const req = requestPage(page);
  await req.open(id);
  await expect(req.sentence()).toContainText("alice exec'd `sh -c id` in pod dev/db-0 (container app, stdin, tty)");
  await expect(page.getByTestId("detail-command")).toHaveText("sh -c id");
  await expect(page.getByTestId("detail-container")).toHaveText("app");
  await expect(page.getByTestId("detail-streams")).toHaveText("stdin, stdout, stderr, tty");
  await page.screenshot({ path: test.info().outputPath("exec-request-page.png"), fullPage: true });

  await page.getByTestId("detail-command").click();
  await expect(page).toHaveURL(/\/\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("q")).toBe('command:"sh -c id"');
  await expect(page.getByTestId("request-row")).toHaveCount(1);
  await expect(page.getByTestId("request-row").getByTestId("session-hint")).toHaveText("$ sh -c id");
  await page.screenshot({ path: test.info().outputPath("exec-table.png"), fullPage: true });

  await page.goto(`/?cluster=${CLUSTER}&q=${encodeURIComponent("container:sidecar")}`);
  await expect(page.getByTestId("request-row")).toHaveCount(1);
  await expect(page.getByTestId("request-row").getByTestId("session-hint")).toHaveText("$ bash");
});

test("a reason written with bare names links to its binding", async ({ page, request }) => {
  const id = await findRequestId(request, { cluster: CLUSTER, q: "auditid:e2e-unquoted" });
  const req = requestPage(page);
  await req.open(id);
  await expect(req.bindingLink()).toHaveText("ops-admins");
  await expect(req.roleLink()).toHaveText("admin");
  await expect(page.getByTestId("why-subject")).toHaveText("ops");
  await page.screenshot({ path: test.info().outputPath("unquoted-reason.png"), fullPage: true });
  await req.bindingLink().click();
  await expect(page).toHaveURL(/\/\?/);
  expect(new URL(page.url()).searchParams.get("q")).toBe("binding:ops-admins");
  await expect(page.getByTestId("request-row")).toHaveCount(1);
});

test("a request allowed through system:masters says that no binding was involved", async ({ page, request }) => {
  const id = await findRequestId(request, { cluster: CLUSTER, q: "auditid:e2e-masters" });
  await requestPage(page).open(id);
  await expect(page.getByTestId("why-no-binding")).toHaveText(/^No binding: the user is in the group system:masters/);
  await expect(page.getByTestId("why-binding")).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath("masters-reason.png"), fullPage: true });
});
