import "server-only";
import type { ScopedFilter } from "@/lib/query/scope";
import type { QueryContext } from "@/lib/query/time-range";
import { filterToSql } from "./tree-to-sql";
import { formatMicros } from "@/lib/time/micros";
import type { Db } from "./db";
import { queryContext } from "./requests";

/** A gap of this long or more between two requests of one user, IP and user agent starts a new session. */
export const SESSION_GAP_US = 30 * 60 * 1_000_000;

import type { Session, Touched } from "@/lib/store/types";

export type { Session, Touched } from "@/lib/store/types";

export type SessionList = { sessions: Session[]; truncated: boolean };

const TOP = 5;

/**
 * One user's requests in sessions — those they sent and those made as them by impersonation (found through
 * the combinations, which hold both the authenticated and the effective user): grouped by source IP and user agent, split where the gap to the
 * previous request is 30 minutes or more. Window functions number the sessions in SQLite; JavaScript
 * only assembles the page of sessions and their top verbs, resources, namespaces and names.
 * (Synchronous on one connection, so the temp table cannot be seen half-built by another call.)
 */
export function sessionsFrom(db: Db, user: string, filter: ScopedFilter, opts: { limit?: number; ctx?: QueryContext } = {}): SessionList {
  const limit = opts.limit ?? 50;
  const where = filterToSql(filter, opts.ctx ?? queryContext(db));
  // Numbering sessions is the costly part (two window passes over the user's requests): do it once into a
  // temp table, then both the page of sessions and what each touched are cheap GROUP BYs over it.
  db.exec("DROP TABLE IF EXISTS temp.session_rows");
  db.prepare(
    `CREATE TEMP TABLE session_rows AS
     WITH mine AS (
       SELECT r.id, r.ts, r.ts + coalesce(r.latency_us, 0) AS end_ts, r.source_ip_id, r.user_agent_id, r.verb_id, r.resource_id, r.subresource_id, r.namespace_id, r.name
       FROM requests r
       WHERE r.combo_id IN (
         SELECT c.id FROM request_combos c JOIN strings u ON u.value = ? WHERE c.user_id = u.id OR c.actor_id = u.id
       ) AND ${where.sql}
     ),
     marked AS (
       SELECT *, CASE WHEN ts - lag(ts) OVER w < ${SESSION_GAP_US} THEN 0 ELSE 1 END AS fresh
       FROM mine WINDOW w AS (PARTITION BY source_ip_id, user_agent_id ORDER BY ts, id)
     )
     SELECT *, sum(fresh) OVER (PARTITION BY source_ip_id, user_agent_id ORDER BY ts, id ROWS UNBOUNDED PRECEDING) AS seq
     FROM marked`,
  ).run(user, ...where.params);
  try {
    return assemble(db, user, limit);
  } finally {
    db.exec("DROP TABLE IF EXISTS temp.session_rows");
  }
}

function assemble(db: Db, user: string, limit: number): SessionList {
  const page = `
    page AS (
      SELECT source_ip_id, user_agent_id, seq, min(ts) AS start, max(ts) AS last_start, max(end_ts) AS end_ts, count(*) AS n
      FROM temp.session_rows GROUP BY source_ip_id, user_agent_id, seq
      ORDER BY start DESC, source_ip_id, user_agent_id LIMIT ?
    )`;

  type SessionRow = { source_ip_id: number | null; user_agent_id: number | null; seq: number; start: number; last_start: number; end_ts: number; n: number; ip: string | null; ua: string | null };
  const rows = db
    .prepare<[number], SessionRow>(
      `WITH ${page}
       SELECT p.*, ip.value AS ip, ua.value AS ua FROM page p
       LEFT JOIN strings ip ON ip.id = p.source_ip_id
       LEFT JOIN strings ua ON ua.id = p.user_agent_id
       ORDER BY p.start DESC, p.source_ip_id, p.user_agent_id`,
    )
    .all(limit + 1);
  const truncated = rows.length > limit;
  const kept = rows.slice(0, limit);

  type TouchRow = { source_ip_id: number | null; user_agent_id: number | null; seq: number; dim: string; value: string | null; n: number };
  const touchRows = db
    .prepare<[number], TouchRow>(
      `WITH ${page},
       inpage AS MATERIALIZED (
         SELECT n.* FROM temp.session_rows n JOIN page p
           ON n.seq = p.seq AND n.source_ip_id IS p.source_ip_id AND n.user_agent_id IS p.user_agent_id
       )
       SELECT source_ip_id, user_agent_id, seq, 'verb' AS dim, s.value, count(*) AS n
         FROM inpage LEFT JOIN strings s ON s.id = verb_id GROUP BY source_ip_id, user_agent_id, seq, verb_id
       UNION ALL
       SELECT source_ip_id, user_agent_id, seq, 'resource', rs.value || coalesce('/' || sr.value, ''), count(*)
         FROM inpage LEFT JOIN strings rs ON rs.id = resource_id LEFT JOIN strings sr ON sr.id = subresource_id
         WHERE resource_id IS NOT NULL GROUP BY source_ip_id, user_agent_id, seq, resource_id, subresource_id
       UNION ALL
       SELECT source_ip_id, user_agent_id, seq, 'namespace', s.value, count(*)
         FROM inpage JOIN strings s ON s.id = namespace_id GROUP BY source_ip_id, user_agent_id, seq, namespace_id
       UNION ALL
       SELECT source_ip_id, user_agent_id, seq, 'name', name, count(*)
         FROM inpage WHERE name IS NOT NULL GROUP BY source_ip_id, user_agent_id, seq, name`,
    )
    .all(limit + 1);

  const keyOf = (ip: number | null, ua: number | null, seq: number) => `${ip ?? ""}\u0000${ua ?? ""}\u0000${seq}`;
  const touched = new Map<string, Record<string, Touched[]>>();
  for (const t of touchRows) {
    if (t.value === null) continue;
    const k = keyOf(t.source_ip_id, t.user_agent_id, t.seq);
    const dims = touched.get(k) ?? {};
    (dims[t.dim] ??= []).push({ value: t.value, count: t.n });
    touched.set(k, dims);
  }
  const top = (list: Touched[] | undefined) =>
    (list ?? []).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, TOP);

  const sessions = kept.map((r): Session => {
    const dims = touched.get(keyOf(r.source_ip_id, r.user_agent_id, r.seq)) ?? {};
    return {
      user,
      sourceIP: r.ip,
      userAgent: r.ua,
      start: formatMicros(r.start),
      end: formatMicros(r.end_ts),
      lastStart: formatMicros(r.last_start),
      durationMs: (r.end_ts - r.start) / 1000,
      count: r.n,
      verbs: top(dims.verb),
      resources: top(dims.resource),
      namespaces: top(dims.namespace),
      names: top(dims.name),
    };
  });
  return { sessions, truncated };
}

