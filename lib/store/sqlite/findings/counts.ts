import "server-only";
import type { Db } from "../db";

/**
 * Hits per rule in the whole store, unscoped: what GET /metrics reports by severity. A count per rule
 * off the (rule, ts) index; no request is read, so a scrape costs little whatever the store's size.
 */
export function hitCountsByRule(db: Db): { ruleId: string; count: number }[] {
  return db
    .prepare<[], { ruleId: string; count: number }>(
      "SELECT fr.name AS ruleId, h.count AS count FROM (SELECT rule, count(*) AS count FROM finding_hits GROUP BY rule) h JOIN finding_rules fr ON fr.id = h.rule ORDER BY fr.name",
    )
    .all();
}
