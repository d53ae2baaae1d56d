import { afterEach, describe, expect, it } from "vitest";
import { GET as ruleGET } from "@/app/api/v1/findings/[ruleId]/route";
import { POST as recomputePOST } from "@/app/api/v1/findings/recompute/route";
import { GET as findingsGET } from "@/app/api/v1/findings/route";
import { recomputeOnce } from "@/lib/findings/recompute-once";
import { makeEvent } from "../helpers/events";
import { get, storeForRoutes } from "./route-helpers";

type Rules = { rules: { id: string; title: string; severity: string | null; count: number; first: string; last: string; url: string }[]; stale: boolean; problems: unknown[] };
type Hits = { rule: { id: string; title: string }; hits: { requestId: number; time: string; key: string | null; detail: string | null; url: string }[]; episodes?: { key: string; requestIds: number[] }[]; total: number; next: string | null };

const ts = (second: number) => `2024-05-10T12:${String(Math.floor(second / 60)).padStart(2, "0")}:${String(second % 60).padStart(2, "0")}.000000Z`;

/** An exec by alice, and 21 denials of bob from one address within a minute. */
function events() {
  const exec = makeEvent({
    verb: "create",
    requestURI: "/api/v1/namespaces/prod/pods/web-1/exec?command=sh&container=app&stdin=true&tty=true",
    objectRef: { resource: "pods", subresource: "exec", namespace: "prod", name: "web-1", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 101 },
    requestReceivedTimestamp: ts(0),
    stageTimestamp: ts(0),
  });
  const denied = Array.from({ length: 21 }, (_, i) =>
    makeEvent({
      user: { username: "bob", groups: ["system:authenticated"] },
      sourceIPs: ["10.9.9.9"],
      requestURI: `/api/v1/namespaces/prod/secrets/s${i}`,
      objectRef: { resource: "secrets", namespace: "prod", name: `s${i}`, apiVersion: "v1" },
      responseStatus: { metadata: {}, code: 403 },
      annotations: { "authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": "" },
      requestReceivedTimestamp: ts(10 + i),
      stageTimestamp: ts(10 + i),
    }),
  );
  return [exec, ...denied];
}

const rulesOf = async (query = "") => (await (await findingsGET(get(`/api/v1/findings${query}`))).json()) as Rules;
const ruleOf = (id: string, query = "") => ruleGET(get(`/api/v1/findings/${id}${query}`), { params: Promise.resolve({ ruleId: id }) });

afterEach(() => {
  delete process.env.AUDITLENS_RULES_DISABLE;
});

describe("GET /api/v1/findings", () => {
  it("lists the rules with hits, most severe first, with counts, times and a dashboard link", async () => {
    await storeForRoutes(events());
    const body = await rulesOf();
    expect(body.stale).toBe(false);
    expect(body.problems).toEqual([]);
    const exec = body.rules.find((r) => r.id === "k8s.pod-exec");
    expect(exec).toEqual(expect.objectContaining({ title: "Command run in a pod (exec)", severity: "high", count: 1, first: ts(0), last: ts(0), url: "/?q=rule%3Ak8s.pod-exec" }));
    const burst = body.rules.find((r) => r.id === "k8s.forbidden-burst");
    expect(burst).toEqual(expect.objectContaining({ severity: "medium", count: 21, first: ts(10), last: ts(30) }));
    const order = ["critical", "high", "medium", "low"];
    const ranks = body.rules.map((r) => order.indexOf(r.severity ?? ""));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("counts only the filter's requests, and keeps the filter in each link", async () => {
    await storeForRoutes(events());
    const body = await rulesOf("?q=user:bob&range=24h");
    expect(body.rules.map((r) => r.id)).not.toContain("k8s.pod-exec");
    const burst = body.rules.find((r) => r.id === "k8s.forbidden-burst");
    expect(burst?.url).toBe("/?q=user%3Abob+rule%3Ak8s.forbidden-burst&range=24h");
  });

  it("says which body rules could not check requests logged without their body", async () => {
    const podCreate = makeEvent({
      verb: "create",
      requestURI: "/api/v1/namespaces/prod/pods",
      objectRef: { resource: "pods", namespace: "prod", name: "web-2", apiVersion: "v1" },
      responseStatus: { metadata: {}, code: 201 },
    });
    await storeForRoutes([...events(), podCreate]);
    const body = (await (await findingsGET(get("/api/v1/findings"))).json()) as { unchecked: { id: string; severity: string; notChecked: number }[] };
    expect(body.unchecked).toContainEqual({ id: "k8s.privileged-pod", title: expect.any(String), severity: "high", notChecked: 1 });
    const filtered = (await (await findingsGET(get("/api/v1/findings?q=user:bob"))).json()) as { unchecked: unknown[] };
    expect(filtered.unchecked).toEqual([]);
  });

  it("keeps showing a rule turned off under its id, with its page, until findings are recomputed", async () => {
    await storeForRoutes(events());
    process.env.AUDITLENS_RULES_DISABLE = "k8s.pod-exec";
    const old = (await rulesOf()).rules.find((r) => r.id === "k8s.pod-exec");
    expect(old).toEqual(expect.objectContaining({ title: "k8s.pod-exec", severity: null, count: 1 }));
    const page = await ruleOf("k8s.pod-exec");
    expect(page.status).toBe(200);
    expect(((await page.json()) as { rule: { loaded: boolean }; total: number })).toMatchObject({ rule: { loaded: false }, total: 1 });
  });

  it("answers 400 naming the parameter for a query that does not parse", async () => {
    await storeForRoutes(events());
    const res = await findingsGET(get("/api/v1/findings?q=(user:bob"));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ parameter: "q" });
    expect((await findingsGET(get("/api/v1/findings?range=2d"))).status).toBe(400);
  });
});

describe("GET /api/v1/findings/{ruleId}", () => {
  it("pages a rule's hits oldest first, each with its request's link", async () => {
    await storeForRoutes(events());
    const first = (await (await ruleOf("k8s.forbidden-burst", "?limit=15")).json()) as Hits;
    expect(first.rule.id).toBe("k8s.forbidden-burst");
    expect(first.total).toBe(21);
    expect(first.hits).toHaveLength(15);
    expect(first.hits[0]).toEqual(expect.objectContaining({ time: ts(10), url: `/requests/${first.hits[0]!.requestId}` }));
    expect(first.episodes?.[0]?.requestIds).toEqual(first.hits.map((h) => h.requestId));
    const second = (await (await ruleOf("k8s.forbidden-burst", `?limit=15&cursor=${first.next}`)).json()) as Hits;
    expect(second.hits.map((h) => h.time)).toEqual(Array.from({ length: 6 }, (_, i) => ts(25 + i)));
    expect(second.next).toBeNull();
  });

  it("is a 404 for an id no rule has", async () => {
    await storeForRoutes(events());
    expect((await ruleOf("k8s.no-such-rule")).status).toBe(404);
    expect((await ruleOf("k8s.pod-exec", "?limit=0")).status).toBe(400);
  });
});

describe("POST /api/v1/findings/recompute", () => {
  it("recomputes with the rules loaded now: a rule turned off loses its hits, and the list is current again", async () => {
    await storeForRoutes(events());
    process.env.AUDITLENS_RULES_DISABLE = "k8s.pod-exec";
    expect((await rulesOf()).stale).toBe(true);
    const res = await recomputePOST(new Request("http://auditlens.test/api/v1/findings/recompute", { method: "POST" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ requests: 22, current: true });
    const after = await rulesOf();
    expect(after.stale).toBe(false);
    expect(after.rules.map((r) => r.id)).not.toContain("k8s.pod-exec");
    expect(after.rules.map((r) => r.id)).toContain("k8s.forbidden-burst");
  });

  it("answers 409 while a recompute is already running, and runs again once it is done", async () => {
    await storeForRoutes(events());
    const post = () => recomputePOST(new Request("http://auditlens.test/api/v1/findings/recompute", { method: "POST" }));
    let finish = () => {};
    const running = recomputeOnce(() => new Promise<void>((resolve) => (finish = resolve)));
    const refused = await post();
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/already being recomputed/);
    finish();
    await running;
    expect((await post()).status).toBe(200);
  });

  it("lets the next recompute run after one failed", async () => {
    await expect(recomputeOnce(() => Promise.reject(new Error("disk full")))).rejects.toThrow("disk full");
    await expect(recomputeOnce(() => Promise.resolve(1))).resolves.toBe(1);
  });
});
