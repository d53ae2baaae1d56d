import Link from "next/link";
import type { ReactNode } from "react";
import { CodeBadge } from "@/components/ui/code-badge";
import { cn } from "@/components/ui/cn";
import { formatActor } from "@/lib/format/actor";
import { formatLatency } from "@/lib/format/duration";
import { formatGroupVersion, formatObject, formatResource } from "@/lib/format/resource";
import { formatTime } from "@/lib/format/time";
import type { RequestRow } from "@/lib/query/types";
import { requestHref } from "./hrefs";
import { VerbLabel } from "./verb-label";

const th = "sticky top-11 z-10 border-b border-zinc-200 bg-zinc-100/95 px-2 py-1.5 text-left text-[10px] font-semibold tracking-wider text-zinc-500 uppercase backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95 dark:text-zinc-400";

/**
 * Every cell links to the request, so the whole row is a click target (middle-click opens a tab) while
 * each cell keeps its own tooltip. Only the time cell is in the tab order, so keyboard users meet one
 * link per row.
 */
function Cell({ href, first, className, children }: { href: string; first?: boolean; className?: string; children: ReactNode }) {
  return (
    <td className={cn("p-0 align-middle", className)}>
      <Link href={href} prefetch={false} tabIndex={first ? undefined : -1} className="block px-2 py-1 outline-none focus-visible:bg-sky-100 dark:focus-visible:bg-sky-900/40">
        {children}
      </Link>
    </td>
  );
}

function Resource({ row }: { row: RequestRow }) {
  const resource = formatResource(row.resource, row.subresource);
  if (resource === null) {
    // Non-resource requests (/healthz, /metrics, /version) have no objectRef: show the path instead.
    const path = row.requestURI.split("?")[0] ?? row.requestURI;
    return (
      <span title={row.requestURI} className="block truncate font-mono text-zinc-500 italic dark:text-zinc-400">
        {path}
      </span>
    );
  }
  const gv = formatGroupVersion(row.apiGroup, row.apiVersion);
  return (
    <span title={`${resource} (${gv})`} className="flex min-w-0 items-baseline gap-1.5 font-mono">
      {/* The group gives way first: the resource is what the eye scans for. */}
      <span className="max-w-full shrink-0 truncate text-zinc-900 dark:text-zinc-100">{resource}</span>
      <span className="min-w-0 truncate text-[11px] text-zinc-400 dark:text-zinc-500">{gv}</span>
    </span>
  );
}

function Actor({ row }: { row: RequestRow }) {
  const text = formatActor(row.user, row.impersonatedUser);
  return (
    <span title={text} className="block truncate font-mono">
      <span className={row.user ? "" : "text-zinc-400 italic"}>{row.user ?? "(anonymous)"}</span>
      {row.impersonatedUser ? <span className="text-amber-700 dark:text-amber-400"> (as {row.impersonatedUser})</span> : null}
    </span>
  );
}

/** `showCluster` adds a cluster column; with one cluster in the store it would repeat one word on every row. */
export function RequestsTable({ rows, showCluster = false }: { rows: RequestRow[]; showCluster?: boolean }) {
  return (
    <table data-testid="requests-table" className="w-full min-w-[980px] table-fixed border-separate border-spacing-0 text-xs">
      <colgroup>
        <col className="w-[11.5rem]" />
        {showCluster ? <col className="w-32" /> : null}
        <col />
        <col className="w-24" />
        <col />
        <col />
        <col className="w-16" />
        <col className="w-24" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className={th}>Time (UTC)</th>
          {showCluster ? <th scope="col" className={th}>Cluster</th> : null}
          <th scope="col" className={th}>User</th>
          <th scope="col" className={th}>Verb</th>
          <th scope="col" className={th}>Resource</th>
          <th scope="col" className={th}>Namespace / name</th>
          <th scope="col" className={th}>Code</th>
          <th scope="col" className={cn(th, "text-right")}>Latency</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const href = requestHref(row.id);
          const object = formatObject(row.namespace, row.name);
          return (
            <tr
              key={row.id}
              data-testid="request-row"
              className="group border-b border-zinc-100 hover:bg-sky-50/70 dark:hover:bg-zinc-800/60 [&>td]:border-b [&>td]:border-zinc-100 dark:[&>td]:border-zinc-800/70"
            >
              <Cell href={href} first>
                <span title={row.time} className="tabular block truncate font-mono text-zinc-600 dark:text-zinc-400">
                  {formatTime(row.time)}
                </span>
              </Cell>
              {showCluster ? (
                <Cell href={href}>
                  <span title={row.cluster} className="block truncate font-mono text-zinc-500 dark:text-zinc-400">
                    {row.cluster}
                  </span>
                </Cell>
              ) : null}
              <Cell href={href}>
                <Actor row={row} />
              </Cell>
              <Cell href={href}>
                <VerbLabel verb={row.verb} />
              </Cell>
              <Cell href={href}>
                <Resource row={row} />
              </Cell>
              <Cell href={href}>
                {object === null ? (
                  <span className="text-zinc-300 dark:text-zinc-600">—</span>
                ) : (
                  <span title={object} className="block truncate font-mono">
                    {row.namespace && row.name ? <span className="text-zinc-500 dark:text-zinc-400">{row.namespace}/</span> : null}
                    {row.name ?? row.namespace}
                  </span>
                )}
              </Cell>
              <Cell href={href}>
                <CodeBadge code={row.code} />
              </Cell>
              <Cell href={href} className="text-right">
                <span
                  title={row.latencyMs === null ? "unknown" : `${row.latencyMs} ms`}
                  className="tabular block truncate font-mono text-zinc-600 dark:text-zinc-400"
                >
                  {formatLatency(row.latencyMs)}
                </span>
              </Cell>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
