import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/audit/event";
import type { Db } from "@/lib/store/sqlite/db";
import { listRequestsFrom } from "@/lib/store/sqlite/requests";
import { suggestFrom } from "@/lib/store/sqlite/suggest";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { writeEvents } from "../helpers/write-events";

const upgraded = { code: 101 } as AuditEvent["responseStatus"];
const pod = (subresource: string) => ({ resource: "pods", subresource, namespace: "ns", name: "p", apiVersion: "v1" });

function store(): Db {
  const { db } = tempDb();
  writeEvents(db, [
    makeEvent({ auditID: "exec-id", verb: "create", requestURI: "/api/v1/namespaces/ns/pods/p/exec?command=sh&command=-c&command=id&container=app&stdin=true&tty=true",
      objectRef: pod("exec"), responseStatus: upgraded }),
    makeEvent({ auditID: "exec-bash", verb: "create", requestURI: "/api/v1/namespaces/ns/pods/p/exec?command=bash&container=sidecar",
      objectRef: pod("exec"), responseStatus: upgraded }),
    makeEvent({ auditID: "attach", verb: "create", requestURI: "/api/v1/namespaces/ns/pods/p/attach?container=app&stdin=true&command=ignored",
      objectRef: pod("attach"), responseStatus: upgraded }),
    makeEvent({ auditID: "forward", verb: "create", requestURI: "/api/v1/namespaces/ns/pods/p/portforward?ports=8080",
      objectRef: pod("portforward"), responseStatus: upgraded }),
    makeEvent({ auditID: "logs", verb: "get", requestURI: "/api/v1/namespaces/ns/pods/p/log?container=app", objectRef: pod("log") }),
    // Not a session: the same words in another request's query string mean nothing.
    makeEvent({ auditID: "list", verb: "list", requestURI: "/api/v1/pods?command=sh&container=app", objectRef: { resource: "pods", apiVersion: "v1" } }),
  ]);
  return db;
}

const ids = (db: Db, q: string) => listRequestsFrom(db, { q }, { limit: 100, cursor: undefined }).items.map((r) => r.auditID).sort();

describe("command: and container: read the exec's URI", () => {
  const db = () => store();
  it.each([
    ['command:"sh -c id"', ["exec-id"]],
    ['command:"sh -c *"', ["exec-id"]],
    ["command:*", ["exec-bash", "exec-id"]],
    ["command:bash", ["exec-bash"]],
    ["command:sh", []],
    ['command:""', ["attach", "forward", "list", "logs"]],
    ["container:app", ["attach", "exec-id", "logs"]],
    ["container:side*", ["exec-bash"]],
    ['container:""', ["forward", "list"]],
    ["-container:app", ["exec-bash", "forward", "list"]],
    ["command:* container:app", ["exec-id"]],
  ])("%s", (q, expected) => {
    expect(ids(db(), q)).toEqual([...expected].sort());
  });

  it("suggests the commands and containers seen, most used first", () => {
    expect(suggestFrom(db(), "container", "", {}).values).toEqual([{ value: "app", count: 3 }, { value: "sidecar", count: 1 }]);
    expect(suggestFrom(db(), "command", "SH", {}).values).toEqual([{ value: "sh -c id", count: 1 }]);
  });
});
