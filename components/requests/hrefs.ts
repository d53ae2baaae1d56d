import { filterToSearch, type Filter } from "@/lib/query/filter";

/** The dashboard URL for a filter (canonical: defaults dropped, keys sorted), plus paging keys. */
export function requestsHref(filter: Filter, extra: Record<string, string | undefined> = {}): string {
  const search = filterToSearch(filter, extra);
  return search ? `/?${search}` : "/";
}

export function requestHref(id: number): string {
  return `/requests/${id}`;
}
