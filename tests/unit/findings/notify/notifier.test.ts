import { afterEach, describe, expect, it, vi } from "vitest";
import type { NotifiableFinding } from "@/lib/findings/notify/message";
import { Notifier, type NotificationOutcome, type NotifierOptions } from "@/lib/findings/notify/notifier";
import { parseMicros } from "@/lib/time/micros";
import { receiver } from "./receiver";

/** vi.waitFor gives up after 1 s: too soon for a loaded CI machine, where a local POST can take longer. */
const eventually = <T>(check: () => T) => vi.waitFor(check, { timeout: 15_000, interval: 20 });

const T0 = parseMicros("2026-03-01T10:00:00.000001Z");
const TITLES: Record<string, string> = { "k8s.pod-exec": "Command run in a pod (exec)", "k8s.secret-burst": "Secrets read in a burst" };

const hit = (ruleId: string, over: Partial<NotifiableFinding> = {}): NotifiableFinding => ({
  ruleId,
  severity: "high",
  requestId: 1,
  tsUs: T0,
  key: null,
  ...over,
});

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(respond?: Parameters<typeof receiver>[0], options: Partial<NotifierOptions> = {}) {
  const server = await receiver(respond);
  const outcomes: [NotificationOutcome, string, string | null][] = [];
  const notifier = new Notifier({
    url: server.url,
    publicUrl: new URL("https://audit.example.com"),
    title: (id) => TITLES[id] ?? null,
    backoffMs: 1,
    onOutcome: (outcome, ruleId, detail) => outcomes.push([outcome, ruleId, detail]),
    ...options,
  });
  closers.push(() => notifier.drain(0), server.close);
  return { server, notifier, outcomes };
}

describe("finding notifications", () => {
  it("POSTs a new high finding as JSON: rule, severity, summary, a link to its requests, and Slack's text", async () => {
    const { server, notifier, outcomes } = await setup();
    notifier.enqueue([hit("k8s.pod-exec", { requestId: 7 }), hit("k8s.pod-exec", { requestId: 8, tsUs: T0 + 90_000_000 })]);
    await eventually(() => expect(outcomes).toEqual([["sent", "k8s.pod-exec", null]]));

    expect(server.received).toHaveLength(1);
    const [{ headers, body }] = server.received as [(typeof server.received)[number]];
    expect(headers["content-type"]).toBe("application/json");
    expect(body).toEqual({
      rule: { id: "k8s.pod-exec", title: "Command run in a pod (exec)", severity: "high" },
      summary: "2 new requests from 2026-03-01T10:00:00.000001Z to 2026-03-01T10:01:30.000001Z",
      count: 2,
      first: "2026-03-01T10:00:00.000001Z",
      last: "2026-03-01T10:01:30.000001Z",
      url: "https://audit.example.com/?from=2026-03-01T10%3A00%3A00.000001Z&q=rule%3Ak8s.pod-exec&to=2026-03-01T10%3A01%3A30.000002Z",
      text: `[HIGH] Command run in a pod (exec): 2 new requests from 2026-03-01T10:00:00.000001Z to 2026-03-01T10:01:30.000001Z <${body.url as string}|open in Auditlens>`,
    });
  });

  it("sends critical and high findings only, names the keys of a correlation, and links relatively without AUDITLENS_PUBLIC_URL", async () => {
    const { server, notifier, outcomes } = await setup(undefined, { publicUrl: null });
    notifier.enqueue([hit("low.rule", { severity: "low" }), hit("medium.rule", { severity: "medium" })]);
    notifier.enqueue([
      hit("k8s.secret-burst", { severity: "critical", key: JSON.stringify(["alice", "10.0.0.1"]) }),
      hit("k8s.secret-burst", { severity: "critical", key: JSON.stringify(["bob", null]) }),
    ]);
    await eventually(() => expect(outcomes).toHaveLength(1));
    expect(server.received.map((r) => r.body)).toEqual([
      expect.objectContaining({
        rule: { id: "k8s.secret-burst", title: "Secrets read in a burst", severity: "critical" },
        summary: "2 new requests at 2026-03-01T10:00:00.000001Z; by alice, 10.0.0.1 | bob, (none)",
        url: "/?from=2026-03-01T10%3A00%3A00.000001Z&q=rule%3Ak8s.secret-burst&to=2026-03-01T10%3A00%3A00.000002Z",
      }),
    ]);
    expect(server.received[0]!.body.text).toMatch(/^\[CRITICAL\] Secrets read in a burst: .* \/\?from=/);
  });

  it("retries after a 500 with backoff, then succeeds", async () => {
    const { server, notifier, outcomes } = await setup((n) => (n < 2 ? 500 : 200));
    notifier.enqueue([hit("k8s.pod-exec")]);
    await eventually(() => expect(outcomes).toEqual([["sent", "k8s.pod-exec", null]]));
    expect(server.received).toHaveLength(3);
    expect(new Set(server.received.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  it("gives up after five tries, and at once on a 4xx the receiver will refuse again", async () => {
    const failing = await setup(() => 503);
    failing.notifier.enqueue([hit("k8s.pod-exec")]);
    await eventually(() => expect(failing.outcomes).toEqual([["failed", "k8s.pod-exec", "HTTP 503 after 5 tries"]]));
    expect(failing.server.received).toHaveLength(5);

    const gone = await setup(() => 410);
    gone.notifier.enqueue([hit("k8s.pod-exec")]);
    await eventually(() => expect(gone.outcomes).toEqual([["failed", "k8s.pod-exec", "HTTP 410 after 1 try"]]));
    expect(gone.server.received).toHaveLength(1);
  });

  it("ends a POST that takes too long and tries again", async () => {
    // Only the first POST is held; on a loaded machine a retry can outlast the timeout too, so "at least one retry".
    const { server, notifier, outcomes } = await setup((n) => (n === 0 ? "hold" : 200), { timeoutMs: 300 });
    notifier.enqueue([hit("k8s.pod-exec")]);
    await eventually(() => expect(outcomes).toEqual([["sent", "k8s.pod-exec", null]]));
    expect(server.received.length).toBeGreaterThanOrEqual(2);
    server.release();
  });

  it("holds a rule's later hits and sends them as one notification; other rules are not held", async () => {
    const { server, notifier, outcomes } = await setup();
    notifier.enqueue([hit("k8s.pod-exec", { requestId: 1 })]);
    await eventually(() => expect(outcomes).toHaveLength(1));
    // Within the minute after the first: held, and gathered across batches.
    notifier.enqueue([hit("k8s.pod-exec", { requestId: 2, tsUs: T0 + 1_000_000 })]);
    notifier.enqueue([hit("k8s.pod-exec", { requestId: 3, tsUs: T0 + 2_000_000 }), hit("k8s.secret-burst", { severity: "critical" })]);
    await eventually(() => expect(outcomes).toHaveLength(2));
    expect(server.received.map((r) => [(r.body.rule as { id: string }).id, r.body.count])).toEqual([
      ["k8s.pod-exec", 1],
      ["k8s.secret-burst", 1],
    ]);
    // Shutdown sends what is held rather than waiting out the minute.
    expect(await notifier.drain(5_000)).toEqual({ unsent: 0 });
    expect(server.received.map((r) => [(r.body.rule as { id: string }).id, r.body.count, r.body.first, r.body.last])).toEqual([
      ["k8s.pod-exec", 1, "2026-03-01T10:00:00.000001Z", "2026-03-01T10:00:00.000001Z"],
      ["k8s.secret-burst", 1, "2026-03-01T10:00:00.000001Z", "2026-03-01T10:00:00.000001Z"],
      ["k8s.pod-exec", 2, "2026-03-01T10:00:01.000001Z", "2026-03-01T10:00:02.000001Z"],
    ]);
  });

  it("sends the held hits once the minute since the last notification has passed", async () => {
    let now = 0;
    const { server, notifier, outcomes } = await setup(undefined, { coalesceMs: 50, now: () => now });
    notifier.enqueue([hit("k8s.pod-exec")]);
    await eventually(() => expect(outcomes).toHaveLength(1));
    now = 10;
    notifier.enqueue([hit("k8s.pod-exec", { requestId: 2 }), hit("k8s.pod-exec", { requestId: 3 })]);
    now = 60;
    await eventually(() => expect(outcomes).toHaveLength(2));
    expect(server.received.map((r) => r.body.count)).toEqual([1, 2]);
  });

  it("keeps at most `capacity` notifications waiting: the oldest is dropped and counted", async () => {
    const { server, notifier, outcomes } = await setup((n) => (n === 0 ? "hold" : 200), { capacity: 2 });
    notifier.enqueue([hit("r.one")]);
    await eventually(() => expect(server.received).toHaveLength(1));
    // r.one is being sent; r.two, r.three and r.four wait, and only two may.
    notifier.enqueue([hit("r.two"), hit("r.three"), hit("r.four")]);
    expect(outcomes).toEqual([["dropped", "r.two", "queue full"]]);
    server.release();
    await eventually(() => expect(outcomes).toHaveLength(4));
    expect(server.received.map((r) => (r.body.rule as { id: string }).id)).toEqual(["r.one", "r.three", "r.four"]);
    expect(outcomes.slice(1)).toEqual([
      ["sent", "r.one", null],
      ["sent", "r.three", null],
      ["sent", "r.four", null],
    ]);
  });

  it("at shutdown gives up on a receiver that does not answer in time, and counts what was left as dropped", async () => {
    const { server, notifier, outcomes } = await setup(() => "hold");
    notifier.enqueue([hit("r.one"), hit("r.two")]);
    await eventually(() => expect(server.received).toHaveLength(1));
    expect(await notifier.drain(100)).toEqual({ unsent: 2 });
    expect(outcomes).toEqual([
      ["dropped", "r.one", "shutting down"],
      ["dropped", "r.two", "shutting down"],
    ]);
    // Nothing is taken after that.
    notifier.enqueue([hit("r.three")]);
    expect(server.received).toHaveLength(1);
    server.release();
  });
});
