import type { Db } from "@/lib/store/sqlite/db";

export type SeededHit = { rule: string; requestId: number; key?: string | null; detail?: string | null };

/**
 * Stores hits as the findings writer would (migrations 0028 and 0029), each at its request's time: reads
 * of the findings and the `rule:` field are tested on exactly the hits a test names.
 */
export function insertHits(db: Db, hits: readonly SeededHit[]): void {
  const rule = db.prepare<[string]>("INSERT OR IGNORE INTO finding_rules (name) VALUES (?)");
  const key = db.prepare<[string]>("INSERT OR IGNORE INTO finding_keys (value) VALUES (?)");
  const hit = db.prepare<[string | null, string | null, number, string]>(
    `INSERT OR IGNORE INTO finding_hits (rule, request_id, ts, key, detail)
     SELECT fr.id, r.id, r.ts, (SELECT id FROM finding_keys WHERE value = ?), ? FROM requests r, finding_rules fr WHERE r.id = ? AND fr.name = ?`,
  );
  db.transaction(() => {
    for (const h of hits) {
      rule.run(h.rule);
      if (h.key != null) key.run(h.key);
      if (hit.run(h.key ?? null, h.detail ?? null, h.requestId, h.rule).changes !== 1 && !exists(db, h)) {
        throw new Error(`no request ${h.requestId} to hit`);
      }
    }
  })();
}

function exists(db: Db, h: SeededHit): boolean {
  return db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM requests WHERE id = ?").get(h.requestId)!.n === 1;
}

/**
 * Hits on a deterministic share of every stored request, for the differential test: three rules over
 * overlapping thirds, fifths and sevenths of the ids, so requests have none, one or several rules.
 */
export function seedDifferentialHits(db: Db): void {
  const ids = db.prepare<[], { id: number }>("SELECT id FROM requests ORDER BY id").all().map((r) => r.id);
  insertHits(
    db,
    ids.flatMap((id) => [
      ...(id % 3 === 0 ? [{ rule: "k8s.pod-exec", requestId: id }] : []),
      ...(id % 5 === 1 ? [{ rule: "k8s.secret-read", requestId: id }] : []),
      ...(id % 7 === 2 ? [{ rule: "corr.grant-then-workload", requestId: id, key: '["alice"]' }] : []),
    ]),
  );
}
