import "server-only";
import type { Filter, PageParams } from "@/lib/query/filter";
import { inScope, type Scopes } from "@/lib/query/scope";
import type { IngestRun, RequestDetail, RequestPage, Stats, StoreSummary } from "@/lib/store/types";
import type { SortBy, View } from "@/lib/query/view";
import { db } from "./db";
import { getRequestFrom, listRequestsFrom, scopedSummaryFrom, summaryFrom } from "./requests";
import { listRunsFrom } from "./runs";
import { SelectionMemo } from "./selection";
import { statsFrom, type StatsOptions } from "./stats";

/**
 * The read side that pages and route handlers use, on the process-wide store. Every read takes the
 * signed-in principal's scopes (null: unscoped), so none can be made without deciding them.
 */

/** The reading connection's last fill: a dashboard's stats and page, read one after the other, fill once. */
const selections = new SelectionMemo();

export function listRequests(filter: Filter, scopes: Scopes, page: PageParams, sort: SortBy = "time"): RequestPage {
  return listRequestsFrom(db(), { ...filter, scopes }, page, sort, selections);
}

/** One request, or null when it does not exist or lies outside the scopes (the same answer: a 404). */
export function getRequest(id: number, scopes: Scopes): RequestDetail | null {
  const detail = getRequestFrom(db(), id);
  return detail && inScope(scopes, detail.cluster, detail.namespace) ? detail : null;
}

export function getSummary(scopes: Scopes): StoreSummary {
  return scopes === null ? summaryFrom(db()) : scopedSummaryFrom(db(), scopes);
}

/** Runs describe whole files, across namespaces: a scoped principal sees none of them. */
export function listRuns(limit: number, scopes: Scopes): IngestRun[] {
  return scopes === null ? listRunsFrom(db(), limit) : [];
}

/** Total, timeline and breakdowns for the dashboard and GET /api/v1/stats. */
export function getStats(filter: Filter, scopes: Scopes, view: Pick<View, "stack">, opts: StatsOptions = {}): Stats {
  return statsFrom(db(), { ...filter, scopes }, view, { ...opts, selections });
}
