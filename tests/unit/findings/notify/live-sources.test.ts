import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as webhook } from "@/app/api/v1/audit/webhook/route";
import { GET as metricsRoute } from "@/app/metrics/route";
import { drainNotifications } from "@/lib/findings/notify/live";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { LiveRun } from "@/lib/ingest/live-run";
import { ingestStream } from "@/lib/ingest/pipeline";
import { FileFollower } from "@/lib/ingest/tail/file-follower";
import { closeDb, ingestDb } from "@/lib/store/sqlite/db";
import { hitCountsByRule } from "@/lib/store/sqlite/findings/counts";
import { ingestTarget } from "@/lib/store/index-ingest";
import { jsonLines, makeEvent } from "../../helpers/events";
import { receiver } from "./receiver";

/** vi.waitFor gives up after 1 s: too soon for a loaded CI machine, where a local POST can take longer. */
const eventually = <T>(check: () => T) => vi.waitFor(check, { timeout: 15_000, interval: 20 });

/** Fixture rules, so the test does not depend on what the built-ins find in these events. */
const RULES: Record<string, string> = {
  "exec.yaml": `
id: test.pod-exec
title: Command run in a pod
severity: high
description: exec into a pod
why: a shell in a container
respond: ask who
match: 'verb:create subresource:exec'
`,
  "delete.yaml": `
id: test.pod-delete
title: Pod deleted
severity: low
description: a pod deleted
why: noise, mostly
respond: nothing
match: 'verb:delete resource:pods'
`,
  "denied.yaml": `
id: test.denied-burst
title: Denied three times
severity: critical
description: three 403s by one user within a minute
why: probing
respond: ask who
match: 'code:403'
threshold: 3
window: 1m
by: [user]
`,
};

const exec = (auditID: string, second: number) =>
  makeEvent({
    auditID,
    verb: "create",
    requestURI: "/api/v1/namespaces/prod/pods/web-1/exec?command=sh",
    objectRef: { resource: "pods", subresource: "exec", namespace: "prod", name: "web-1", apiVersion: "v1" },
    requestReceivedTimestamp: `2024-05-10T12:00:${String(second).padStart(2, "0")}.000000Z`,
    stageTimestamp: `2024-05-10T12:00:${String(second).padStart(2, "0")}.010000Z`,
  });
const podDelete = (auditID: string) => makeEvent({ auditID, verb: "delete" });
const denied = (auditID: string, minute: number, second: number) =>
  makeEvent({
    auditID,
    user: { username: "mallory", groups: ["system:authenticated"] },
    responseStatus: { metadata: {}, code: 403 } as never,
    annotations: { "authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": "" },
    requestReceivedTimestamp: `2024-05-10T12:${minute}:${String(second).padStart(2, "0")}.000000Z`,
    stageTimestamp: `2024-05-10T12:${minute}:${String(second).padStart(2, "0")}.010000Z`,
  });

const ENV_KEYS = ["AUDITLENS_DB", "AUDITLENS_RULES_DIR", "AUDITLENS_RULES_DISABLE", "AUDITLENS_NOTIFY_URL", "AUDITLENS_PUBLIC_URL", "AUDITLENS_WEBHOOK_TOKEN", "AUDITLENS_METRICS_PUBLIC"];
let dir: string;
let server: Awaited<ReturnType<typeof receiver>>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-notify-"));
  fs.mkdirSync(path.join(dir, "rules"));
  for (const [name, text] of Object.entries(RULES)) fs.writeFileSync(path.join(dir, "rules", name), text);
  server = await receiver();
  // Only the fixture rules: every built-in is turned off (those needing a setting too).
  const builtins = loadRuleSet({ AUDITLENS_TRUSTED_CIDRS: "10.0.0.0/8", AUDITLENS_TRUSTED_REGISTRIES: "registry.k8s.io/" }).rules.map((r) => r.id);
  Object.assign(process.env, {
    AUDITLENS_RULES_DISABLE: builtins.join(","),
    AUDITLENS_DB: path.join(dir, "store.db"),
    AUDITLENS_RULES_DIR: path.join(dir, "rules"),
    AUDITLENS_NOTIFY_URL: server.url.href,
    AUDITLENS_PUBLIC_URL: "https://audit.example.com",
    AUDITLENS_WEBHOOK_TOKEN: "hook-token",
    AUDITLENS_METRICS_PUBLIC: "1",
  });
});
afterAll(async () => {
  await drainNotifications(1000);
  await server.close();
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
  for (const k of ENV_KEYS) delete process.env[k];
});

const ours = () => server.received.map((r) => r.body);
const hitsOf = (ruleId: string) => hitCountsByRule(ingestDb()).find((c) => c.ruleId === ruleId)?.count ?? 0;

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}

const deliver = (events: object[]) =>
  webhook(
    new Request("http://127.0.0.1/api/v1/audit/webhook?cluster=prod", {
      method: "POST",
      headers: { authorization: "Bearer hook-token", "content-type": "application/json" },
      body: JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", items: events }),
    }),
  );

describe("notifications from live sources, end to end", () => {
  it("sends nothing for an upload, though its findings are stored", async () => {
    const summary = await ingestStream(ingestTarget(), bytes(jsonLines([exec("upload-1", 1), denied("u-d1", 10, 1), denied("u-d2", 10, 2), denied("u-d3", 10, 3)])), {
      cluster: "default",
      source: "upload",
      filename: "old.log",
    });
    expect(summary.added).toBe(4);
    expect(hitsOf("test.pod-exec")).toBe(1);
    expect(hitsOf("test.denied-burst")).toBe(3);
    // Whatever was going to be sent has been once this resolves.
    await drainNotifications(1000);
    expect(ours()).toEqual([]);
  });

  it("sends a webhook delivery's new high findings, not its low ones, and nothing for a retried delivery", async () => {
    const batch = [exec("hook-1", 5), exec("hook-2", 6), podDelete("hook-3")];
    expect((await deliver(batch)).status).toBe(200);
    expect(hitsOf("test.pod-delete")).toBe(1);
    await eventually(() => expect(ours()).toHaveLength(1));
    expect(ours()[0]).toMatchObject({
      rule: { id: "test.pod-exec", title: "Command run in a pod", severity: "high" },
      count: 2,
      first: "2024-05-10T12:00:05.000000Z",
      last: "2024-05-10T12:00:06.000000Z",
      url: "https://audit.example.com/?from=2024-05-10T12%3A00%3A05.000000Z&q=rule%3Atest.pod-exec&to=2024-05-10T12%3A00%3A06.000001Z",
    });
    expect(ours()[0]!.text).toMatch(/^\[HIGH\] Command run in a pod: 2 new requests/);

    // The API server's retry of the same batch: stored already, so no new hit and nothing to send.
    expect((await deliver(batch)).status).toBe(200);
    await drainNotifications(1000);
    expect(ours()).toHaveLength(1);
  });

  it("sends what a tailed file brings, a correlation's hits included", async () => {
    const file = path.join(dir, "audit.log");
    fs.writeFileSync(file, jsonLines([denied("t-d1", 20, 10), denied("t-d2", 20, 20)]));
    const target = ingestTarget();
    const follower = new FileFollower(target, file, new LiveRun(target, "tail", "default", file));
    await follower.poll();
    // Two denials are not yet three.
    await drainNotifications(1000);
    expect(ours()).toHaveLength(1);

    fs.appendFileSync(file, jsonLines([denied("t-d3", 20, 30)]));
    await follower.poll();
    await follower.close();
    await eventually(() => expect(ours()).toHaveLength(2));
    expect(ours()[1]).toMatchObject({
      rule: { id: "test.denied-burst", severity: "critical" },
      count: 3,
      first: "2024-05-10T12:20:10.000000Z",
      last: "2024-05-10T12:20:30.000000Z",
    });
    expect(ours()[1]!.summary).toContain("mallory");
  });

  it("counts findings by severity and notifications by outcome in GET /metrics", async () => {
    await drainNotifications(1000);
    const response = await metricsRoute(new Request("http://127.0.0.1/metrics"), { params: Promise.resolve({}) });
    const text = await response.text();
    const sample = (series: string) => Number(text.split("\n").find((l) => l.startsWith(`${series} `))?.slice(series.length + 1));
    // Uploaded and delivered alike: 1 + 2 execs, 3 + 3 denials in bursts, 1 pod deleted.
    expect(["low", "medium", "high", "critical"].map((s) => sample(`auditlens_findings{severity="${s}"}`))).toEqual([1, 0, 3, 6]);
    expect(sample('auditlens_notifications_total{outcome="sent"}')).toBe(2);
    expect(sample('auditlens_notifications_total{outcome="failed"}')).toBe(0);
    expect(sample('auditlens_notifications_total{outcome="dropped"}')).toBe(0);
  });
});
