import { describe, expect, it } from "vitest";
import { GET as runsGET } from "@/app/api/v1/runs/route";
import { ingestStream } from "@/lib/ingest/pipeline";
import { sqliteIngestTarget } from "@/lib/store/sqlite/ingest-target";
import { makeEvent } from "../helpers/events";
import { get, storeForRoutes } from "./route-helpers";

/** A core/v1 Event list: Kubernetes Events, not audit events. */
const coreEvents = `${JSON.stringify({ kind: "EventList", apiVersion: "v1", items: [{ kind: "Event", apiVersion: "v1", reason: "Pulled", involvedObject: { kind: "Pod", name: "web" } }] })}\n`;

describe("GET /api/v1/runs", () => {
  it("says which finished runs read no audit event, and why, as /runs does", async () => {
    const db = await storeForRoutes([makeEvent()]);
    async function* source() {
      yield Buffer.from(coreEvents);
    }
    await ingestStream(sqliteIngestTarget(db), source(), { cluster: "default", source: "upload", filename: "events.json" });
    const { items } = (await (await runsGET(get("/api/v1/runs"))).json()) as { items: { filename: string; warning: string | null }[] };
    const byFile = Object.fromEntries(items.map((r) => [r.filename, r.warning]));
    expect(byFile["test.log"]).toBeNull();
    expect(byFile["events.json"]).toMatch(/^no audit events: .*Kubernetes Event list/);
  });
});
