import "server-only";
import { loadRuleSet } from "@/lib/findings/rule-set";
import type { BodyCheckContext, Hit, Rule, RuleInput, RuleMatch, RuleSet } from "@/lib/findings/types";
import type { MatchableRequest } from "@/lib/query/matchable";
import type { NewFinding } from "@/lib/store/ingest-target";
import type { Db } from "../db";
import { matchableByIds } from "../matchable";
import { StoredBodies } from "./bodies";
import { storeBodyContext } from "./context";
import { anchorMatches } from "./anchored";
import { FindingKeys, keyText } from "./keys";
import { recorrelate } from "./correlations";
import { bodiesWanted, evaluateRules, isCorrelation } from "./evaluate";
import { ruleIdsOf } from "./rule-ids";
import { noteRulesUsed } from "./state";

/** The rules to evaluate with: the process's (loadRuleSet caches them), or a test's. */
export type RuleSetSource = () => RuleSet;

/** What body checks look up beyond the request (settings, a role's rules in the store), per request. */
export type BodyContextSource = (db: Db) => (input: RuleInput) => BodyCheckContext;

type HitRow = { rule: number; request_id: number; ts: number; key: string | null; detail: string | null };
type MatchRow = { rule: number; ts: number; request_id: number; step: number; key: string; distinct_value: string | null; differ_value: string | null };

const matchIdentity = (rule: number, m: { requestId: number; tsUs: number; step: number; key: string; distinct: string | null; differ: string | null }) =>
  JSON.stringify([rule, m.requestId, m.step, m.tsUs, m.key, m.distinct, m.differ]);

/**
 * Keeps the findings of requests current as they change, inside the caller's transaction (a batch's, a
 * deletion's): each changed request is evaluated again with the loaded rules, its plain-match hits and its
 * correlation matches are replaced, and for each correlation rule whose matches changed, the time ranges
 * those matches can affect are judged again from the stored matches (correlations.ts). Only differences
 * are written, so a request whose facts a batch did not change (a duplicate, a stage adding nothing a
 * rule reads) costs two lookups and no write, and a hit that stays is never reported as new.
 */
export class FindingsUpdater {
  constructor(
    private readonly db: Db,
    private readonly rules: RuleSetSource,
    private readonly context: BodyContextSource,
  ) {}

  /**
   * Evaluates the requests again; ids no request has any more lose their hits and matches. Returns the
   * hits that are new. `correlate: false` leaves correlations to the caller (a recompute judges them
   * once for the whole store). `known`: requests the caller already has as stored (the writer's), which
   * are then not read back; the others among `ids` are.
   */
  update(ids: readonly number[], nowUs = Date.now() * 1000, correlate = true, known?: ReadonlyMap<number, MatchableRequest>): NewFinding[] {
    if (ids.length === 0) return [];
    const set = this.rules();
    const ruleInts = ruleIdsOf(this.db, set.rules.map((r) => r.id));
    const requests = known ? new Map([...known, ...matchableByIds(this.db, ids.filter((id) => !known.has(id)))]) : matchableByIds(this.db, ids);
    const bodies = new StoredBodies(this.db);
    const inputs: RuleInput[] = [...requests].map(([id, request]) => ({ id, request, bodies: bodies.of(id) }));
    bodies.prefetch(bodiesWanted(set.rules, inputs));
    const { hits, matches } = evaluateRules(set.rules, inputs, this.context(this.db));
    const backfilled = anchorMatches(this.db, matches, new Set(ids), ruleInts);
    const idsJson = JSON.stringify(ids);
    const correlated = new Set(set.rules.filter(isCorrelation).map((r) => ruleInts.get(r.id)!));
    const keys = new FindingKeys(this.db);
    const fresh = this.replaceHits(idsJson, hits, ruleInts, correlated, requests, set.rules, keys);
    const points = this.replaceMatches(idsJson, matches, ruleInts, correlated, keys);
    this.storeBackfilled(backfilled, ruleInts, points, keys);
    if (correlate) {
      for (const rule of set.rules) {
        const ruleInt = ruleInts.get(rule.id)!;
        const at = points.get(ruleInt);
        if (at) for (const f of recorrelate(this.db, rule, ruleInt, at)) fresh.push(f);
      }
    }
    noteRulesUsed(this.db, set.fingerprint, nowUs);
    return fresh;
  }

  /**
   * Replaces the requests' hits of plain match rules (and of rules no longer loaded). A correlation
   * rule's hit on a request that is still there is judged with its neighbours (recorrelate), not here.
   */
  private replaceHits(
    idsJson: string,
    hits: Hit[],
    ruleInts: Map<string, number>,
    correlated: Set<number>,
    requests: Map<number, unknown>,
    rules: readonly Rule[],
    keys: FindingKeys,
  ): NewFinding[] {
    const severity = new Map(rules.map((r) => [r.id, r.severity]));
    const old = this.db
      .prepare<[string], HitRow>(
        `SELECT rule, request_id, ts, ${keyText("key")} AS key, detail FROM finding_hits WHERE request_id IN (SELECT value FROM json_each(?))`,
      )
      .all(idsJson);
    const wanted = new Map(hits.map((h) => [`${ruleInts.get(h.ruleId)!} ${h.requestId}`, h]));
    const remove = this.db.prepare<[number, number]>("DELETE FROM finding_hits WHERE rule = ? AND request_id = ?");
    const update = this.db.prepare<[number, number | null, string | null, number, number]>(
      "UPDATE finding_hits SET ts = ?, key = ?, detail = ? WHERE rule = ? AND request_id = ?",
    );
    for (const row of old) {
      if (correlated.has(row.rule) && requests.has(row.request_id)) continue;
      const key = `${row.rule} ${row.request_id}`;
      const hit = wanted.get(key);
      if (!hit) {
        remove.run(row.rule, row.request_id);
        continue;
      }
      wanted.delete(key);
      if (hit.tsUs !== row.ts || hit.key !== row.key || hit.detail !== row.detail) update.run(hit.tsUs, keys.idOrNull(hit.key), hit.detail, row.rule, row.request_id);
    }
    const insert = this.db.prepare<[number, number, number, number | null, string | null]>(
      "INSERT INTO finding_hits (rule, request_id, ts, key, detail) VALUES (?, ?, ?, ?, ?)",
    );
    const fresh: NewFinding[] = [];
    for (const [key, hit] of wanted) {
      insert.run(Number(key.split(" ")[0]), hit.requestId, hit.tsUs, keys.idOrNull(hit.key), hit.detail);
      fresh.push({ ruleId: hit.ruleId, severity: severity.get(hit.ruleId)!, requestId: hit.requestId, tsUs: hit.tsUs, key: hit.key });
    }
    return fresh;
  }

  /** Stores later-step matches of other requests that this update's first steps anchor (anchored.ts), noting where they changed. */
  private storeBackfilled(backfilled: Map<Rule, RuleMatch[]>, ruleInts: Map<string, number>, points: Map<number, number[]>, keys: FindingKeys): void {
    const insert = this.db.prepare<[number, number, number, number, number, number | null, number | null]>(
      "INSERT OR IGNORE INTO rule_matches (rule, ts, request_id, step, key, distinct_value, differ_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    for (const [rule, list] of backfilled) {
      const ruleInt = ruleInts.get(rule.id)!;
      for (const m of list) {
        if (insert.run(ruleInt, m.tsUs, m.requestId, m.step, keys.id(m.key), keys.idOrNull(m.distinct), keys.idOrNull(m.differ)).changes === 0) continue;
        const at = points.get(ruleInt);
        if (at) at.push(m.tsUs);
        else points.set(ruleInt, [m.tsUs]);
      }
    }
  }

  /** Replaces the requests' correlation matches; returns, per rule, the times of the matches that came or went. */
  private replaceMatches(
    idsJson: string,
    matches: Map<Rule, RuleMatch[]>,
    ruleInts: Map<string, number>,
    correlated: Set<number>,
    keys: FindingKeys,
  ): Map<number, number[]> {
    const old = this.db
      .prepare<[string], MatchRow>(
        `SELECT rule, ts, request_id, step, ${keyText("key")} AS key, ${keyText("distinct_value")} AS distinct_value,
         ${keyText("differ_value")} AS differ_value FROM rule_matches WHERE request_id IN (SELECT value FROM json_each(?))`,
      )
      .all(idsJson);
    const wanted = new Map<string, { rule: number; match: RuleMatch }>();
    for (const [rule, list] of matches) {
      const ruleInt = ruleInts.get(rule.id)!;
      for (const match of list) wanted.set(matchIdentity(ruleInt, match), { rule: ruleInt, match });
    }
    const points = new Map<number, number[]>();
    const moved = (rule: number, ts: number) => {
      if (!correlated.has(rule)) return;
      const list = points.get(rule);
      if (list) list.push(ts);
      else points.set(rule, [ts]);
    };
    const remove = this.db.prepare<[number, number, number, number]>("DELETE FROM rule_matches WHERE rule = ? AND ts = ? AND request_id = ? AND step = ?");
    for (const row of old) {
      const identity = matchIdentity(row.rule, {
        requestId: row.request_id, tsUs: row.ts, step: row.step, key: row.key, distinct: row.distinct_value, differ: row.differ_value,
      });
      if (wanted.delete(identity)) continue;
      remove.run(row.rule, row.ts, row.request_id, row.step);
      moved(row.rule, row.ts);
    }
    const insert = this.db.prepare<[number, number, number, number, number, number | null, number | null]>(
      "INSERT INTO rule_matches (rule, ts, request_id, step, key, distinct_value, differ_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    for (const { rule, match: m } of wanted.values()) {
      insert.run(rule, m.tsUs, m.requestId, m.step, keys.id(m.key), keys.idOrNull(m.distinct), keys.idOrNull(m.differ));
      moved(rule, m.tsUs);
    }
    return points;
  }
}

/** The process's rules, as loaded from the environment (built-ins, AUDITLENS_RULES_DIR, …). */
export const processRules: RuleSetSource = () => loadRuleSet();

/** The updater a writer or a deletion uses unless given one: the process's rules, the store's roles. */
export function defaultFindingsUpdater(db: Db): FindingsUpdater {
  return new FindingsUpdater(db, processRules, storeBodyContext);
}
