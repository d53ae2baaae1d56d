import Link from "next/link";
import { CodeBadge } from "@/components/ui/code-badge";
import { cn } from "@/components/ui/cn";
import { formatNumber } from "@/lib/format/number";
import { ABSENT_LABEL, parseResourceFacetValue } from "@/lib/query/facet-value";
import type { Dimension, FacetEntry } from "@/lib/store/types";

/** What "(none)" lacks, for the titles of its controls. */
const FIELD_NOUN: Record<Dimension, string> = {
  user: "user",
  actor: "effective user",
  group: "user group",
  verb: "verb",
  resource: "resource",
  namespace: "namespace",
  code: "response code",
  userAgent: "user agent",
  sourceIP: "source IP",
  decision: "authorization decision",
};

function Value({ dimension, value }: { dimension: Dimension; value: string }) {
  if (dimension === "code") return <CodeBadge code={Number(value)} />;
  if (dimension === "resource") {
    // The resource first, as in the table: it is what the eye scans for; the group, dimmed, gives way when space runs out.
    const { group, resource } = parseResourceFacetValue(value);
    return (
      <>
        {resource}
        {group ? <span className="ml-1 text-[10px] text-zinc-400 dark:text-zinc-500">{group}</span> : null}
      </>
    );
  }
  return <>{value}</>;
}

/**
 * One breakdown row: the value filters to it (or, when already filtered, removes that filter), the share
 * bar behind it is its part of all matching requests, and "−" excludes it.
 */
export function FacetEntryRow({
  dimension,
  entry,
  total,
  active,
  includeHref,
  excludeHref,
}: {
  dimension: Dimension;
  entry: FacetEntry;
  total: number;
  active: boolean;
  includeHref: string;
  excludeHref: string;
}) {
  const share = total > 0 ? Math.min(1, entry.count / total) : 0;
  const without = `requests with no ${FIELD_NOUN[dimension]}`;
  const includeTitle = entry.absent
    ? active ? `Remove the filter on ${without}` : `Show only ${without}`
    : active ? `Remove the filter on ${entry.value}` : `Show only requests where this is ${entry.value}`;
  const excludeTitle = entry.absent ? `Exclude ${without}` : `Exclude ${entry.value}`;
  return (
    <li
      data-testid="facet-entry"
      data-value={entry.value}
      data-absent={entry.absent ? "true" : undefined}
      className="group/entry relative flex items-center gap-1 rounded-sm text-xs">
      <span
        aria-hidden="true"
        className={cn("absolute inset-y-px left-0 rounded-sm", active ? "bg-sky-200/80 dark:bg-sky-800/60" : "bg-sky-100/80 dark:bg-sky-900/35")}
        style={{ width: `${(share * 100).toFixed(2)}%` }}
      />
      <Link
        href={includeHref}
        scroll={false}
        data-testid="facet-include"
        aria-current={active ? "true" : undefined}
        title={includeTitle}
        className={cn(
          "relative min-w-0 flex-1 truncate py-0.5 pl-1.5 font-mono hover:underline",
          active ? "font-semibold text-sky-800 dark:text-sky-300" : "text-zinc-800 dark:text-zinc-200",
        )}
      >
        {entry.absent ? <span className={cn("font-sans italic", active ? null : "text-zinc-500 dark:text-zinc-400")}>{ABSENT_LABEL}</span> : <Value dimension={dimension} value={entry.value} />}
      </Link>
      {(dimension === "user" || dimension === "actor") && !entry.absent ? (
        <Link
          href={`/actors/${encodeURIComponent(entry.value)}`}
          title={`Everything ${entry.value} did`}
          aria-label={`Actor view of ${entry.value}`}
          data-testid="facet-actor-view"
          className="relative shrink-0 rounded px-0.5 text-zinc-400 opacity-0 group-hover/entry:opacity-100 hover:text-sky-700 focus-visible:opacity-100 dark:hover:text-sky-400"
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5">
            <circle cx="8" cy="5.5" r="2.8" fill="none" stroke="currentColor" strokeWidth="1.4" />
            <path d="M2.8 14c.6-2.7 2.7-4.3 5.2-4.3s4.6 1.6 5.2 4.3" fill="none" stroke="currentColor" strokeWidth="1.4" />
          </svg>
        </Link>
      ) : null}
      <span className="tabular relative shrink-0 text-zinc-600 dark:text-zinc-400" title={`${(share * 100).toFixed(1)}% of matching requests`}>
        {formatNumber(entry.count)}
      </span>
      <Link
        href={excludeHref}
        scroll={false}
        data-testid="facet-exclude"
        title={excludeTitle}
        aria-label={excludeTitle}
        className="relative flex size-4 shrink-0 items-center justify-center rounded text-zinc-400 opacity-40 group-hover/entry:opacity-100 hover:bg-red-50 hover:text-red-600 focus-visible:opacity-100 dark:hover:bg-red-500/10 dark:hover:text-red-400"
      >
        <svg viewBox="0 0 12 12" aria-hidden="true" className="size-2.5">
          <path d="M2.5 6h7" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </Link>
    </li>
  );
}
