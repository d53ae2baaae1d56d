"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { InvalidParameterError } from "@/lib/query/errors";
import { readFilter } from "@/lib/query/filter";
import { canonicalSearch } from "@/lib/views/canonical-url";

/** The canonical form, or for a link the page could not apply, the link itself: a teammate sees the same error. */
function searchOf(params: URLSearchParams): string {
  try {
    return canonicalSearch(params);
  } catch (e) {
    if (!(e instanceof InvalidParameterError)) throw e;
    const pairs = [...params.entries()].sort(([a], [b]) => a.localeCompare(b));
    return new URLSearchParams(pairs).toString();
  }
}

/** The page's canonical path + query, as a saved view or a share link stores it. */
export function useCurrentView(): { path: string; search: string; url: string; hasRange: boolean } {
  const path = usePathname();
  const params = useSearchParams();
  const copy = new URLSearchParams(params.toString());
  const search = searchOf(copy);
  // Only a valid relative range can be frozen.
  const { filter, issues } = readFilter(copy);
  return { path, search, url: search ? `${path}?${search}` : path, hasRange: issues.length === 0 && filter.range !== undefined };
}

/** Pages that show requests; the upload, ingest-run and live-source pages hold no view worth saving. */
export function isViewPage(path: string): boolean {
  return !["/upload", "/runs", "/sources"].some((p) => path === p || path.startsWith(`${p}/`));
}
