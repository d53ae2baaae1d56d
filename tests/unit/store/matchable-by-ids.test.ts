import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { matchableByIds, matchableRequests } from "@/lib/store/sqlite/matchable";
import { CORPUS } from "../ingest/helpers";
import { tempDb } from "../helpers/temp-db";
import { ingestText, TRAFFIC_TEXT } from "./findings-helpers";

describe("matchableByIds", () => {
  it("gives each request as matchableRequests does (rules aside), and leaves out ids without a request", async () => {
    const { db } = tempDb();
    await ingestText(db, TRAFFIC_TEXT);
    // Real logs where present: v1beta1, impersonation, bodies, managed-cluster records.
    for (const folder of ["audit2rbac-2017", "falco-k8s-audit", "elastic-integrations"]) {
      const dir = path.join(CORPUS, folder);
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir).filter((f) => /\.(log|json)$/.test(f))) await ingestText(db, fs.readFileSync(path.join(dir, file), "utf8"));
    }
    const all = [...matchableRequests(db)];
    expect(all.length).toBeGreaterThan(60);
    const byIds = matchableByIds(db, [...all.map((r) => r.id), 999_999]);
    expect(byIds.size).toBe(all.length);
    for (const { id, request } of all) expect(byIds.get(id), `request ${id}`).toEqual({ ...request, rules: [] });
    expect(matchableByIds(db, [])).toEqual(new Map());
  });
});
