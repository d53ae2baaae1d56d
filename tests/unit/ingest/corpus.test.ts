import { createReadStream, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAuditStream } from "@/lib/ingest/parse";
import type { ParsedItem } from "@/lib/ingest/types";
import { CORPUS, summarize } from "./helpers";

// Real audit logs written by others (see ../shared/corpus/SOURCES.md); absent outside this workspace.
async function parseFile(file: string): Promise<ParsedItem[]> {
  const items: ParsedItem[] = [];
  for await (const batch of parseAuditStream(createReadStream(file))) items.push(...batch);
  return items;
}

function files(dir: string): string[] {
  return readdirSync(path.join(CORPUS, dir))
    .filter((f) => /\.(json|log)$/.test(f))
    .sort()
    .map((f) => path.join(CORPUS, dir, f));
}

const count = (items: ParsedItem[], kind: ParsedItem["kind"]) => items.filter((i) => i.kind === kind).length;

describe.skipIf(!existsSync(CORPUS))("the shared corpus of real audit logs", () => {
  // Event counts from SOURCES.md.
  const expected: Record<string, number> = {
    "audit2rbac-2017": 757,
    audit2rbac: 37,
    "falco-k8s-audit": 51,
    "elastic-integrations": 6,
    "kube-audit-log-tool": 1,
  };

  for (const [dir, events] of Object.entries(expected)) {
    it(`${dir}: ${events} events, no problems`, async () => {
      let total = 0;
      for (const file of files(dir)) {
        const items = await parseFile(file);
        expect(items.filter((i) => i.kind === "invalid"), path.basename(file)).toEqual([]);
        total += count(items, "event");
      }
      expect(total).toBe(events);
    });
  }

  it("falco: every one-document file yields its event at line 1", async () => {
    for (const file of files("falco-k8s-audit")) {
      const items = await parseFile(file);
      expect(items[0], path.basename(file)).toMatchObject({ kind: "event", line: 1 });
    }
  });

  it("elastic test-audit.log: 3 plain events, 1 GKE record, 1 AKS record", async () => {
    const items = await parseFile(path.join(CORPUS, "elastic-integrations/test-audit.log"));
    expect(summarize(items)).toEqual([
      ["event", 1, "abcde12345"],
      ["event", 2, "abcde12345"],
      ["event", 3, "abcde12345"],
      ["event", 4, "1234abcd"],
      ["event", 5, "abcde12345"],
    ]);
    const gke = items[3]!;
    expect(gke.kind === "event" && gke.event).toMatchObject({
      verb: "get",
      requestURI: "/readyz",
      user: { username: "system:gke-master-healthcheck" },
      sourceIPs: ["67.43.156.1"],
      userAgent: "gke-master-healthcheck",
      responseStatus: { code: 200 },
      stageTimestamp: "2025-07-13T08:38:39.127266Z",
      annotations: { "authorization.k8s.io/decision": "allow" },
    });
    expect(gke.kind === "event" && gke.event.objectRef).toBeUndefined();
    const aks = items[4]!;
    expect(aks.kind === "event" && aks.event).toMatchObject({ verb: "update", user: { username: "aksService" } });
    // Lines 2 and 3 are byte-identical in the file; so are their raw texts.
    expect(items[1]!.kind === "event" && items[2]!.kind === "event" && items[1]!.raw === items[2]!.raw).toBe(true);
  });

  it("elastic test-kube-audit.log: the AKS record with the event as a JSON string", async () => {
    const items = await parseFile(path.join(CORPUS, "elastic-integrations/test-kube-audit.log"));
    expect(summarize(items)).toEqual([["event", 1, "ad26f7bc-f1c6-4097-90f1-e0924e12f257"]]);
  });

  it("kube-audit-log-tool: the pretty-printed event, stored compact", async () => {
    const [item] = await parseFile(path.join(CORPUS, "kube-audit-log-tool/single-event.json"));
    expect(item).toMatchObject({ kind: "event", line: 1, event: { auditID: "532b1164-8b26-4b49-95f2-907424a80cac" } });
    expect(item?.kind === "event" && item.raw.includes("\n")).toBe(false);
  });

  it("audit2rbac-2017: v1beta1 events with only `timestamp`, one per line", async () => {
    const items = await parseFile(path.join(CORPUS, "audit2rbac-2017/demo.log"));
    expect(items.map((i) => i.line)).toEqual(Array.from({ length: 757 }, (_, i) => i + 1));
    expect(items[0]).toMatchObject({ event: { apiVersion: "audit.k8s.io/v1beta1", timestamp: "2017-09-11T19:55:05Z" } });
  });

  it("every other file in the corpus parses without throwing", async () => {
    const known = new Set(Object.keys(expected));
    for (const dir of readdirSync(CORPUS, { withFileTypes: true })) {
      if (!dir.isDirectory() || known.has(dir.name)) continue;
      for (const file of files(dir.name)) await expect(parseFile(file)).resolves.toBeInstanceOf(Array);
    }
  });
});
