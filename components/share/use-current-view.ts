"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { parseFilter } from "@/lib/query/filter";
import { canonicalSearch } from "@/lib/views/canonical-url";

/** The page's canonical path + query, as a saved view or a share link stores it. */
export function useCurrentView(): { path: string; search: string; url: string; hasRange: boolean } {
  const path = usePathname();
  const params = useSearchParams();
  const copy = new URLSearchParams(params.toString());
  const search = canonicalSearch(copy);
  // Only a valid relative range can be frozen; an invalid one is dropped from the URL anyway.
  return { path, search, url: search ? `${path}?${search}` : path, hasRange: parseFilter(copy).range !== undefined };
}

/** Pages that show requests; the upload, ingest-run and live-source pages hold no view worth saving. */
export function isViewPage(path: string): boolean {
  return !["/upload", "/runs", "/sources"].some((p) => path === p || path.startsWith(`${p}/`));
}
