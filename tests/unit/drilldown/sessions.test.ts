import { describe, expect, it } from "vitest";
import { sessionsFrom, SESSION_GAP_US } from "@/lib/store/sqlite/sessions";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { ingest, timed } from "./store-helpers";

const KUBECTL = "kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69";

describe("sessionsFrom", () => {
  it("a gap of exactly 30 minutes starts a new session; a gap just under it does not", () => {
    const { db } = tempDb();
    expect(SESSION_GAP_US).toBe(30 * 60e6);
    ingest(db, [
      makeEvent({ ...timed(0) }),
      makeEvent({ ...timed(29.999) }), // 29 min 59.94 s later: same session
      makeEvent({ ...timed(59.999) }), // exactly 30 min after the previous one: new session
      makeEvent({ ...timed(60) }),
    ]);
    const { sessions, truncated } = sessionsFrom(db, "alice", {});
    expect(truncated).toBe(false);
    expect(sessions.map((s) => s.count)).toEqual([2, 2]); // newest first
    expect(sessions[0]!.start).toBe("2024-05-10T12:59:59.940000Z");
    expect(sessions[1]!.start).toBe("2024-05-10T12:00:00.000000Z");
    expect(sessions[1]!.end).toBe("2024-05-10T12:29:59.945000Z");
    expect(sessions[1]!.durationMs).toBeCloseTo(29.999 * 60_000 + 5, 3);
  });

  it("interleaved source IPs make separate sessions, each with its own gaps", () => {
    const { db } = tempDb();
    const from = (ip: string, minutes: number, extra: Partial<Parameters<typeof makeEvent>[0]> = {}) =>
      makeEvent({ sourceIPs: [ip], ...timed(minutes), ...extra });
    ingest(db, [
      from("10.0.0.5", 0),
      from("10.0.0.9", 1, { verb: "delete" }),
      from("10.0.0.5", 2),
      from("10.0.0.9", 3, { verb: "delete" }),
      from("10.0.0.5", 20),
      from("10.0.0.9", 45), // 42 min after its previous request: new session for .9
    ]);
    const { sessions } = sessionsFrom(db, "alice", {});
    expect(sessions.map((s) => [s.sourceIP, s.count])).toEqual([
      ["10.0.0.9", 1],
      ["10.0.0.9", 2],
      ["10.0.0.5", 3],
    ]);
    expect(sessions[1]!.verbs).toEqual([{ value: "delete", count: 2 }]);
    expect(sessions[2]!.verbs).toEqual([{ value: "get", count: 3 }]);
  });

  it("holds the requests made as the user by impersonation, and those the user sent as someone else", () => {
    const { db } = tempDb();
    const admin = { username: "system:admin", groups: ["system:masters"] };
    ingest(db, [
      makeEvent({ ...timed(0), user: admin, impersonatedUser: { username: "alice" }, verb: "create" }),
      makeEvent({ ...timed(1), user: admin, impersonatedUser: { username: "alice" } }),
      makeEvent({ ...timed(2), user: admin, impersonatedUser: { username: "bob" } }),
      makeEvent({ ...timed(3), user: admin }),
    ]);
    expect(sessionsFrom(db, "alice", {}).sessions.map((s) => s.count)).toEqual([2]);
    expect(sessionsFrom(db, "bob", {}).sessions.map((s) => s.count)).toEqual([1]);
    expect(sessionsFrom(db, "system:admin", {}).sessions.map((s) => s.count)).toEqual([4]);
  });

  it("separates user agents, ignores other users, and says what a session touched", () => {
    const { db } = tempDb();
    ingest(db, [
      makeEvent({ ...timed(0), userAgent: KUBECTL, verb: "create", objectRef: { resource: "pods", subresource: "exec", namespace: "prod", name: "web-1", apiVersion: "v1" } }),
      makeEvent({ ...timed(1), userAgent: KUBECTL, verb: "delete", objectRef: { resource: "deployments", apiGroup: "apps", namespace: "prod", name: "api", apiVersion: "v1" } }),
      makeEvent({ ...timed(2), userAgent: KUBECTL, verb: "get", objectRef: { resource: "pods", namespace: "staging", name: "web-1", apiVersion: "v1" } }),
      makeEvent({ ...timed(1), userAgent: "curl/8.5.0" }),
      makeEvent({ ...timed(1), user: { username: "bob" } }),
    ]);
    const { sessions } = sessionsFrom(db, "alice", {});
    expect(sessions).toHaveLength(2);
    const kubectl = sessions.find((s) => s.userAgent === KUBECTL)!;
    expect(kubectl.count).toBe(3);
    expect(kubectl.resources).toEqual([
      { value: "deployments", count: 1 },
      { value: "pods", count: 1 },
      { value: "pods/exec", count: 1 },
    ]);
    expect(kubectl.namespaces).toEqual([
      { value: "prod", count: 2 },
      { value: "staging", count: 1 },
    ]);
    expect(kubectl.names).toEqual([
      { value: "web-1", count: 2 },
      { value: "api", count: 1 },
    ]);
    expect(kubectl.lastStart).toBe("2024-05-10T12:02:00.000000Z");
  });

  it("requests without a source IP or user agent still group, and say what they touched", () => {
    const { db } = tempDb();
    ingest(db, [0, 5].map((m) => makeEvent({ ...timed(m), sourceIPs: undefined, userAgent: undefined })));
    const { sessions } = sessionsFrom(db, "alice", {});
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ sourceIP: null, userAgent: null, count: 2, verbs: [{ value: "get", count: 2 }] });
  });

  it("honours the filter's time range and the page limit", () => {
    const { db } = tempDb();
    ingest(db, [0, 40, 80, 120].map((m) => makeEvent({ ...timed(m) })));
    expect(sessionsFrom(db, "alice", { from: "2024-05-10T12:30:00.000Z" }).sessions).toHaveLength(3);
    const limited = sessionsFrom(db, "alice", {}, { limit: 2 });
    expect(limited.sessions.map((s) => s.start)).toEqual(["2024-05-10T14:00:00.000000Z", "2024-05-10T13:20:00.000000Z"]);
    expect(limited.truncated).toBe(true);
  });
});
