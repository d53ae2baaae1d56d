import { describe, expect, it } from "vitest";
import { BodyReader, readBodiesByBlock } from "@/lib/store/sqlite/history-bodies";
import { jsonLines, makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";
import { ingestText } from "./findings-helpers";

/** Pods created with ~200 KB of logged spec each, both stages logged, so the events fill several blocks. */
function bigPodEvents(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const pod = { kind: "Pod", metadata: { name: `web-${i}` }, spec: { containers: [{ name: "app", image: `app:${i}`, args: [String(i).repeat(200_000)] }] } };
    const base = {
      auditID: `00000000-0000-4000-9000-${String(i).padStart(12, "0")}`,
      level: "RequestResponse" as const,
      verb: "create",
      requestURI: "/api/v1/namespaces/prod/pods",
      objectRef: { resource: "pods", namespace: "prod", name: `web-${i}`, apiVersion: "v1" },
      requestObject: pod,
      requestReceivedTimestamp: `2024-05-10T12:00:${String(i).padStart(2, "0")}.000000Z`,
    };
    return [makeEvent({ ...base, stage: "RequestReceived" }), makeEvent({ ...base, stage: "ResponseComplete", responseObject: { ...pod, status: { phase: "Pending" } } })];
  }).flat();
}

describe("reading many requests' bodies block by block", () => {
  it("gives what the history's reader gives, for requests spread over several blocks", async () => {
    const { db } = tempDb();
    await ingestText(db, jsonLines([...bigPodEvents(30), makeEvent({ verb: "list" })]));
    expect((db.prepare("SELECT count(*) AS n FROM blocks").get() as { n: number }).n).toBeGreaterThan(2);
    const ids = (db.prepare("SELECT id FROM requests ORDER BY id DESC").all() as { id: number }[]).map((r) => r.id);
    const byBlock = readBodiesByBlock(db, ids);
    expect(byBlock).toEqual(new BodyReader(db).read(ids));
    expect([...byBlock.values()].filter((b) => b.requestObject !== undefined && b.responseObject !== undefined)).toHaveLength(30);
    expect(readBodiesByBlock(db, [ids[0]!, 999_999])).toEqual(new Map([[ids[0]!, new BodyReader(db).read([ids[0]!]).get(ids[0]!)]]));
  });
});
