import type { Filter } from "@/lib/query/filter";
import { withScopes, type Scopes } from "@/lib/query/scope";
import type { RequestRow } from "@/lib/store/types";
import { formatMicros } from "@/lib/time/micros";
import { episodesOf } from "./engine";
import type { Severity } from "./rule";
import type { Hit, Rule, RuleSet } from "./types";
import { ruleDashboardUrl } from "./view-links";
import type { FindingsStore } from "./view";
import { shownDetail, shownToScopes } from "./view-scope";

/** What a rule says of itself, as its page and GET /api/v1/findings/{ruleId} show it. */
export type RuleMeta = {
  id: string;
  /** False for a rule no longer loaded whose hits are still stored: only its id is known. */
  loaded: boolean;
  title: string;
  severity: Severity | null;
  kind: Rule["kind"] | null;
  description: string | null;
  why: string | null;
  respond: string | null;
  attack: readonly string[];
  match: string | null;
  threshold: number | null;
  window: string | null;
  by: readonly string[];
  distinct: readonly string[];
  differ: readonly string[];
  steps: { match: string; label: string | null }[];
  body: string | null;
  file: string | null;
  builtin: boolean | null;
};

export type HitRow = { requestId: number; time: string; key: string | null; detail: string | null; url: string };

/** A correlation's hits that belong together (one key, no gap longer than the window), in time order. */
export type Episode = { key: string | null; first: string; last: string; requestIds: number[] };

export type RuleHitsPage = {
  rule: RuleMeta;
  hits: HitRow[];
  /** For threshold and sequence rules: this page's hits grouped into episodes. */
  episodes?: Episode[];
  total: number;
  next: string | null;
  /** A correlation rule's hits are not shown to a scoped principal (view-scope.ts): none are listed, and the page says why. */
  withheld: boolean;
  /** The dashboard filtered to exactly this rule's requests in the view. */
  url: string;
};

function metaOf(id: string, rule: Rule | undefined): RuleMeta {
  return {
    id,
    loaded: rule !== undefined,
    title: rule?.title ?? id,
    severity: rule?.severity ?? null,
    kind: rule?.kind ?? null,
    description: rule?.description ?? null,
    why: rule?.why ?? null,
    respond: rule?.respond ?? null,
    attack: rule?.attack ?? [],
    match: rule?.match ?? null,
    threshold: rule?.threshold ?? null,
    window: rule?.file.window ?? null,
    by: rule?.by ?? [],
    distinct: rule?.distinct ?? [],
    differ: rule?.differ ?? [],
    steps: rule?.steps.map((s) => ({ match: s.match, label: s.label })) ?? [],
    body: rule?.body ?? null,
    file: rule?.source.file ?? null,
    builtin: rule?.source.builtin ?? null,
  };
}

/**
 * One page of a rule's hits among the view's requests, oldest first. Null when the id names no loaded rule
 * and no stored hit the principal may see: the caller answers 404.
 */
export async function ruleHitsPage(
  store: FindingsStore,
  ruleSet: RuleSet,
  ruleId: string,
  filter: Filter,
  scopes: Scopes,
  page: { limit: number; cursor?: string },
): Promise<RuleHitsPage | null> {
  const rule = ruleSet.rules.find((r) => r.id === ruleId);
  if (!shownToScopes(rule, scopes)) {
    return rule ? { rule: metaOf(ruleId, rule), hits: [], total: 0, next: null, withheld: true, url: ruleDashboardUrl(filter, ruleId) } : null;
  }
  const { hits, total, next } = await store.findings.hits(ruleId, withScopes(filter, scopes), page);
  if (!rule && total === 0) {
    // An old rule's page keeps working while any of its hits is stored, even outside the current filter.
    const anywhere = await store.findings.hits(ruleId, withScopes({}, scopes), { limit: 1 });
    if (anywhere.total === 0) return null;
  }
  const rows = hits.map((h) => ({ requestId: h.requestId, time: formatMicros(h.tsUs), key: h.key, detail: shownDetail(rule, h.detail, scopes), url: `/requests/${h.requestId}` }));
  const result: RuleHitsPage = { rule: metaOf(ruleId, rule), hits: rows, total, next, withheld: false, url: ruleDashboardUrl(filter, ruleId) };
  if (rule && rule.kind !== "match") {
    const asHits: Hit[] = hits.map((h) => ({ ruleId, requestId: h.requestId, tsUs: h.tsUs, key: h.key, detail: h.detail }));
    result.episodes = episodesOf(rule, asHits).map((e) => ({
      key: e[0]?.key ?? null,
      first: formatMicros(e[0]?.tsUs ?? 0),
      last: formatMicros(e[e.length - 1]?.tsUs ?? 0),
      requestIds: e.map((h) => h.requestId),
    }));
  }
  return result;
}

/** What a hit's line shows of its request: who did what to which object, and the answer. */
export type HitRequest = Pick<RequestRow, "id" | "time" | "user" | "impersonatedUser" | "verb" | "resource" | "subresource" | "namespace" | "name" | "code" | "cluster">;

/** The requests of a page of hits, by id, read without their events; a request deleted since (retention) or outside the scopes is left out. */
export async function hitRequests(store: FindingsStore, ids: readonly number[], scopes: Scopes): Promise<Map<number, HitRequest>> {
  const out = new Map<number, HitRequest>();
  for (const r of await store.requests.rows(ids, scopes)) {
    const { id, time, user, impersonatedUser, verb, resource, subresource, namespace, name, code, cluster } = r;
    out.set(id, { id, time, user, impersonatedUser, verb, resource, subresource, namespace, name, code, cluster });
  }
  return out;
}

/** A correlation key (`["alice","10.0.0.5"]`) named by its fields: "user alice · ip 10.0.0.5". */
export function keyLabel(by: readonly string[], key: string | null): string | null {
  if (key === null) return null;
  let values: unknown;
  try {
    values = JSON.parse(key);
  } catch {
    return key;
  }
  if (!Array.isArray(values)) return key;
  if (values.length === 0) return null;
  return values.map((v, i) => `${by[i] ?? "key"} ${v === null ? "(none)" : String(v)}`).join(" · ");
}
