import "server-only";
import type { Filter, PageParams } from "@/lib/query/filter";
import type { IngestRun, RequestDetail, RequestPage, StoreSummary } from "@/lib/query/types";
import { db } from "./db";
import { getRequestFrom, listRequestsFrom, summaryFrom } from "./requests";
import { listRunsFrom } from "./runs";

/** The read side that pages and route handlers use, on the process-wide store. */
export function listRequests(filter: Filter, page: PageParams): RequestPage {
  return listRequestsFrom(db(), filter, page);
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
