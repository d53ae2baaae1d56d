import { describe, expect, it } from "vitest";
import { hitCountsByRule } from "@/lib/store/sqlite/findings/counts";
import { tempDb } from "../../helpers/temp-db";

describe("hit counts by rule (GET /metrics)", () => {
  it("counts each rule's hits in the whole store, and names no rule without hits", () => {
    const { db } = tempDb();
    expect(hitCountsByRule(db)).toEqual([]);
    db.exec("INSERT INTO finding_rules (id, name) VALUES (1, 'k8s.pod-exec'), (2, 'k8s.anonymous'), (3, 'k8s.unused')");
    const hit = db.prepare("INSERT INTO finding_hits (rule, request_id, ts, key, detail) VALUES (?, ?, ?, NULL, NULL)");
    for (const [rule, request] of [[1, 10], [1, 11], [1, 12], [2, 10]] as const) hit.run(rule, request, request * 1000);
    expect(hitCountsByRule(db)).toEqual([
      { ruleId: "k8s.anonymous", count: 1 },
      { ruleId: "k8s.pod-exec", count: 3 },
    ]);
  });
});
