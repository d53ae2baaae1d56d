import { describe, expect, it } from "vitest";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { findingsStrip, requestFindings } from "@/lib/findings/view";
import { sqliteStore } from "@/lib/store/sqlite/sqlite-store";
import { makeEvent } from "../../helpers/events";
import { ingestEvents } from "../../helpers/ingest-events";
import { tempDb } from "../../helpers/temp-db";

const exec = (namespace: string, name: string) =>
  makeEvent({
    verb: "create",
    requestURI: `/api/v1/namespaces/${namespace}/pods/${name}/exec?command=sh&container=app`,
    objectRef: { resource: "pods", subresource: "exec", namespace, name, apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 101 },
  });

const secretRead = makeEvent({
  requestURI: "/api/v1/namespaces/prod/secrets/db",
  objectRef: { resource: "secrets", namespace: "prod", name: "db", apiVersion: "v1" },
});

async function store() {
  const { db } = tempDb();
  await ingestEvents(db, [exec("prod", "web-1"), exec("dev", "web-2"), secretRead]);
  return { db, s: sqliteStore(db), ids: db.prepare<[], { id: number }>("SELECT id FROM requests ORDER BY id").all().map((r) => r.id) };
}

describe("the dashboard strip", () => {
  it("counts the view's rules with hits by severity, most severe first", async () => {
    const { s } = await store();
    expect(await findingsStrip(s, loadRuleSet({}), {}, null)).toEqual([
      { severity: "high", rules: 1 },
      { severity: "medium", rules: 1 },
    ]);
    expect(await findingsStrip(s, loadRuleSet({}), { q: "ns:dev" }, null)).toEqual([{ severity: "high", rules: 1 }]);
  });

  it("sees only the hits within the principal's scopes", async () => {
    const { s } = await store();
    expect(await findingsStrip(s, loadRuleSet({}), {}, [{ cluster: "default", namespaces: ["dev"] }])).toEqual([{ severity: "high", rules: 1 }]);
    expect(await findingsStrip(s, loadRuleSet({}), {}, [{ cluster: "other" }])).toEqual([]);
  });
});

describe("a request's findings", () => {
  it("names each rule that found it, with its title and a link to its page", async () => {
    const { s, ids } = await store();
    expect(await requestFindings(s, loadRuleSet({}), ids[0]!, null)).toEqual([
      { id: "k8s.pod-exec", title: "Command run in a pod (exec)", severity: "high", detail: null, url: "/findings/k8s.pod-exec" },
    ]);
    expect((await requestFindings(s, loadRuleSet({}), ids[2]!, null)).map((f) => f.id)).toEqual(["k8s.secret-read-by-user"]);
  });

  it("is empty for a request outside the scopes", async () => {
    const { s, ids } = await store();
    expect(await requestFindings(s, loadRuleSet({}), ids[0]!, [{ cluster: "default", namespaces: ["dev"] }])).toEqual([]);
  });
});
