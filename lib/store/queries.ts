import "server-only";
import type { Filter, PageParams } from "@/lib/query/filter";
import type { IngestRun, RequestDetail, RequestPage, Stats, StoreSummary } from "@/lib/query/types";
import type { SortBy, View } from "@/lib/query/view";
import { db } from "./db";
import { getRequestFrom, listRequestsFrom, summaryFrom } from "./requests";
import { listRunsFrom } from "./runs";
import { statsFrom, type StatsOptions } from "./stats";

/** The read side that pages and route handlers use, on the process-wide store. */
export function listRequests(filter: Filter, page: PageParams, sort: SortBy = "time"): RequestPage {
  return listRequestsFrom(db(), filter, page, sort);
}

export function getRequest(id: number): RequestDetail | null {
  return getRequestFrom(db(), id);
}

export function getSummary(): StoreSummary {
  return summaryFrom(db());
}

export function listRuns(limit = 50): IngestRun[] {
  return listRunsFrom(db(), limit);
}

/** Total, timeline and breakdowns for the dashboard and GET /api/v1/stats. */
export function getStats(filter: Filter, view: Pick<View, "stack">, opts: StatsOptions = {}): Stats {
  return statsFrom(db(), filter, view, opts);
}
