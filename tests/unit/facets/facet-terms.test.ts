import { describe, expect, it } from "vitest";
import { excludeTerms, includeTerms } from "@/components/facets/facet-terms";
import { resourceFacetValue } from "@/lib/query/facet-value";
import { listRequestsFrom } from "@/lib/store/sqlite/requests";
import { statsFrom } from "@/lib/store/sqlite/stats";
import { DEFAULT_VIEW } from "@/lib/query/view";
import { normalizeEvent } from "@/lib/ingest/normalize";
import { BatchWriter } from "@/lib/store/sqlite/writer";
import { createRun } from "@/lib/store/sqlite/runs";
import { makeEvent } from "../helpers/events";
import { tempDb } from "../helpers/temp-db";

describe("breakdown entry terms", () => {
  it("filter to exactly the requests the entry counted", () => {
    const { db } = tempDb();
    const events = [
      makeEvent({ objectRef: { resource: "pods", namespace: "a", apiVersion: "v1" } }),
      makeEvent({ objectRef: { resource: "pods", namespace: "a", apiVersion: "v1", subresource: "log" } }),
      makeEvent({ objectRef: { resource: "pods", namespace: "a", apiGroup: "metrics.k8s.io", apiVersion: "v1beta1" } }),
      makeEvent({ objectRef: { resource: "deployments", namespace: "a", apiGroup: "apps", apiVersion: "v1" } }),
    ];
    const writer = new BatchWriter(db, "default", createRun(db, "cli", null, "default"));
    writer.write(events.map((e) => normalizeEvent(e, JSON.stringify(e)) as Exclude<ReturnType<typeof normalizeEvent>, string>));
    const stats = statsFrom(db, {}, DEFAULT_VIEW, {});
    expect(stats.facets.resource.map((f) => f.value).sort()).toEqual(
      [resourceFacetValue(null, "pods", null), resourceFacetValue(null, "pods", "log"), "pods.metrics.k8s.io", "deployments.apps"].sort(),
    );
    for (const entry of stats.facets.resource) {
      const q = includeTerms("resource", entry.value).join(" ");
      expect(listRequestsFrom(db, { q }, { limit: 10, cursor: undefined }).total, `${entry.value}: ${q}`).toBe(entry.count);
      const excluded = excludeTerms("resource", entry.value).join(" ");
      expect(listRequestsFrom(db, { q: excluded }, { limit: 10, cursor: undefined }).total, excluded).toBe(4 - entry.count);
    }
  });
});
