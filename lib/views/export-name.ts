import { filterFromParams, filterToSearch, type Filter } from "@/lib/query/filter";
import { parseAppUrl } from "./canonical-url";
import type { SavedView } from "./types";

/** Keys in the order a name reads them: where, who, what, then how the rest was narrowed. */
const NAMED_KEYS = ["cluster", "namespace", "user", "verb", "resource", "code", "q", "noise", "range", "from", "to"] as const;
/** Longest view part of a name; a whole file name stays well under every file system's 255. */
const MAX_NAME = 80;

/**
 * Characters safe in a file name on every system and inside a quoted Content-Disposition filename: a
 * log value (a user, a query) may hold anything.
 */
function clean(text: string): string {
  return text.replace(/[^A-Za-z0-9.+=@_-]+/g, "_").replace(/\.{2,}/g, ".").replace(/^[._]+|_+$/g, "");
}

/** `user-alice-verb-delete`: the view's filters, key then values, or null for the whole store. */
export function describeFilter(filter: Filter): string | null {
  const parts: string[] = [];
  for (const key of NAMED_KEYS) {
    const value = filter[key];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.map(String).join("+") : String(value);
    parts.push(`${key}-${clean(text) || "_"}`);
  }
  return parts.length > 0 ? parts.join("-") : null;
}

/** Cut at the last part boundary that fits, so a name never ends in half a value. */
function bounded(name: string): string {
  if (name.length <= MAX_NAME) return name;
  const cut = name.slice(0, MAX_NAME);
  const boundary = cut.lastIndexOf("-");
  return (boundary > MAX_NAME / 2 ? cut.slice(0, boundary) : cut).replace(/[-_]+$/, "");
}

/** `2026-12-07T1500`: minutes are enough to tell two exports apart, and a name has no colons. */
function stamp(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

/**
 * `auditlens-user-alice-verb-delete-2026-12-07T1500.csv`: named after the view, a saved view's own name
 * when the filters are one's (`viewName`), "all" for the whole store.
 */
export function exportFilename(filter: Filter, format: string, opts: { viewName?: string | null; now?: Date } = {}): string {
  const fromView = opts.viewName ? clean(opts.viewName.trim().replace(/\s+/g, "-")) : "";
  const name = bounded(fromView || describeFilter(filter) || "all");
  return `auditlens-${name}-${stamp(opts.now ?? new Date())}.${format}`;
}

/**
 * The saved view whose filters are exactly these, as the sidebar marks the one open; presentation keys
 * (columns, sort) do not count, since an export has every matching request in one order.
 */
export function savedViewFor(filter: Filter, views: readonly SavedView[]): SavedView | null {
  const wanted = filterToSearch(filter);
  for (const view of views) {
    try {
      if (filterToSearch(filterFromParams(parseAppUrl(view.url).searchParams)) === wanted) return view;
    } catch {
      // A view saved before a validation change: it names no export.
    }
  }
  return null;
}
