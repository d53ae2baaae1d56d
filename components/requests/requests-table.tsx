"use client";

/**
 * The requests table. What the dashboard passes (all plain, serialisable):
 *   <RequestsTable rows={result.items} state={{ filter, view }} showCluster={summary.clusters.length > 1} />
 *   <Pagination state={{ filter, view }} page={page} shown={result.items.length} next={result.next} />
 * - rows: one page from listRequests(filter, page, view.sort);
 * - state: the dashboard's filter and view (components/dashboard/dashboard-href.ts) — the table reads
 *   `view.cols` and `view.sort`, and builds its sort and column links from the whole state;
 * - the table draws its own bar above the rows (sort order, column chooser); <ExportMenu search=… />
 *   (export-menu.tsx) goes in the dashboard toolbar.
 */
import { columnVisibilityFeature, createColumnHelper, tableFeatures, useTable, type ColumnVisibilityState } from "@tanstack/react-table";
import Link from "next/link";
import { useMemo, type ReactNode } from "react";
import { dashboardHref, type DashboardState } from "@/components/dashboard/dashboard-href";
import { CodeBadge } from "@/components/ui/code-badge";
import { cn } from "@/components/ui/cn";
import { normalizeUserAgent } from "@/lib/audit/user-agent";
import { formatActor } from "@/lib/format/actor";
import { formatGroupVersion, formatObject, formatResource } from "@/lib/format/resource";
import { formatTime } from "@/lib/format/time";
import type { RequestRow } from "@/lib/store/types";
import { DEFAULT_COLUMNS, REQUEST_COLUMNS, type RequestColumn, type SortBy } from "@/lib/query/view";
import { ColumnChooser, COLUMN_LABELS } from "./column-chooser";
import { LatencyValue } from "./latency-value";
import { requestHref } from "./hrefs";
import { ObjectName } from "./object-name";
import { PodSessionHint } from "./pod-session-hint";
import { VerbLabel } from "./verb-label";

type ColumnId = RequestColumn | "cluster";

const features = tableFeatures({ columnVisibilityFeature });
const helper = createColumnHelper<typeof features, RequestRow>();
const getRowId = (r: RequestRow) => String(r.id);

/** Fixed widths for short values; the rest share what is left, at least MIN_FLEX each. */
const WIDTH: Partial<Record<ColumnId, string>> = {
  time: "11.5rem",
  cluster: "7rem",
  verb: "6rem",
  code: "4rem",
  latency: "5.5rem",
  sourceIP: "8rem",
  userAgent: "9rem",
};
const MIN_FLEX_REM = 7;

const muted = "text-zinc-500 dark:text-zinc-400";
const none = <span className="text-zinc-300 dark:text-zinc-600">—</span>;

function actorHref(user: string): string {
  return `/actors/${encodeURIComponent(user)}`;
}

function Resource({ row }: { row: RequestRow }) {
  const resource = formatResource(row.resource, row.subresource);
  if (resource === null) {
    // Non-resource requests (/healthz, /metrics, /version) have no objectRef: show the path instead.
    const path = row.requestURI.split("?")[0] ?? row.requestURI;
    return (
      <span title={row.requestURI} className={cn("block truncate font-mono italic", muted)}>
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

const actorLink = "relative z-[1] rounded-sm hover:underline focus-visible:outline-2 focus-visible:outline-sky-500";

/**
 * A username kept on one line when it fits (each is an inline block, so "alice via system:admin" breaks
 * at its spaces first), else wrapped after its colons (system:serviceaccount:ns:name), else anywhere.
 */
const nameBlock = "pointer-events-auto inline-block max-w-full align-top";

function breakable(name: string): ReactNode {
  return name.split(/(?<=:)/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

/**
 * The effective user first, the real actor beside it: "alice via system:admin". Wrapped, never cut: at
 * 1440 px an impersonation hidden behind a hover was missed. Usernames open the actor view; the rest of
 * the cell still opens the request (see Cell).
 */
function Actor({ row }: { row: RequestRow }) {
  const user = row.user ? (
    <Link href={actorHref(row.user)} prefetch={false} data-testid="actor-link" className={cn(actorLink, nameBlock)}>
      {breakable(row.user)}
    </Link>
  ) : (
    <span className="text-zinc-400 italic">(anonymous)</span>
  );
  return (
    <span
      data-testid="identity"
      title={formatActor(row.user, row.impersonatedUser)}
      className="pointer-events-none relative block font-mono [overflow-wrap:anywhere]"
    >
      {row.impersonatedUser ? (
        <>
          <Link href={actorHref(row.impersonatedUser)} prefetch={false} data-testid="effective-user" className={cn(actorLink, nameBlock)}>
            {breakable(row.impersonatedUser)}
          </Link>
          <span className="text-amber-700 dark:text-amber-400"> via </span>
          {user}
        </>
      ) : (
        user
      )}
    </span>
  );
}

function UserAgent({ ua }: { ua: string | null }) {
  if (!ua) return none;
  return (
    <span title={ua} className={cn("block truncate font-mono", muted)}>
      {normalizeUserAgent(ua)}
    </span>
  );
}

/** Sortable headers are links: the order lives in the URL, like every other part of the view. */
type HeaderMeta = { sort?: SortBy; align?: "right" };
const HEADER: Record<ColumnId, HeaderMeta> = {
  time: { sort: "time" },
  cluster: {},
  user: {},
  verb: {},
  resource: {},
  object: {},
  code: {},
  latency: { sort: "latency", align: "right" },
  sourceIP: {},
  userAgent: {},
};

const columns = helper.columns([
  helper.accessor("time", {
    id: "time",
    header: COLUMN_LABELS.time,
    cell: ({ row }) => (
      <span title={row.original.time} className={cn("tabular block truncate font-mono", "text-zinc-600 dark:text-zinc-400")}>
        {formatTime(row.original.time)}
        {row.original.future ? (
          <span
            data-testid="future-flag"
            title="Dated more than a day after Auditlens received it (flag:future): relative ranges do not count back from it"
            className="ml-1 rounded bg-amber-100 px-1 font-sans text-[10px] text-amber-800 dark:bg-amber-950 dark:text-amber-300"
          >
            future
          </span>
        ) : null}
      </span>
    ),
  }),
  helper.accessor("cluster", {
    id: "cluster",
    header: "Cluster",
    cell: ({ row }) => (
      <span title={row.original.cluster} className={cn("block truncate font-mono", muted)}>
        {row.original.cluster}
      </span>
    ),
  }),
  helper.accessor("user", { id: "user", header: COLUMN_LABELS.user, cell: ({ row }) => <Actor row={row.original} /> }),
  helper.accessor("verb", { id: "verb", header: COLUMN_LABELS.verb, cell: ({ row }) => <VerbLabel verb={row.original.verb} /> }),
  helper.accessor("resource", { id: "resource", header: COLUMN_LABELS.resource, cell: ({ row }) => <Resource row={row.original} /> }),
  helper.accessor((r) => formatObject(r.namespace, r.name), {
    id: "object",
    header: COLUMN_LABELS.object,
    cell: ({ row }) => {
      const r = row.original;
      const object = formatObject(r.namespace, r.name);
      if (object === null) return none;
      return <ObjectName object={object} namespace={r.name ? r.namespace : null} name={r.name ?? r.namespace ?? ""}>
        <PodSessionHint row={r} />
      </ObjectName>;
    },
  }),
  helper.accessor("code", { id: "code", header: COLUMN_LABELS.code, cell: ({ row }) => <CodeBadge code={row.original.code} /> }),
  helper.accessor("latencyMs", {
    id: "latency",
    header: COLUMN_LABELS.latency,
    cell: ({ row }) => {
      const r = row.original;
      return <LatencyValue ms={r.latencyMs} unknown={r.latencyUnknown} className="tabular block truncate font-mono text-zinc-600 dark:text-zinc-400" />;
    },
  }),
  helper.accessor("sourceIP", {
    id: "sourceIP",
    header: COLUMN_LABELS.sourceIP,
    cell: ({ row }) =>
      row.original.sourceIP ? (
        <span title={row.original.sourceIP} className="tabular block truncate font-mono">
          {row.original.sourceIP}
        </span>
      ) : (
        none
      ),
  }),
  helper.accessor("userAgent", { id: "userAgent", header: COLUMN_LABELS.userAgent, cell: ({ row }) => <UserAgent ua={row.original.userAgent} /> }),
]);

/** Cells holding controls of their own (actor links, a copy button): their request link goes behind them. */
const BEHIND = new Set<string>(["user", "object"]);

/** A stretched link covers its cell, so the cell's full value is the link's tooltip. */
function cellTitle(column: string, r: RequestRow): string | undefined {
  if (column === "user") return formatActor(r.user, r.impersonatedUser);
  if (column === "object") return formatObject(r.namespace, r.name) ?? undefined;
  return undefined;
}

const th =
  "sticky top-11 z-10 truncate border-b border-zinc-200 bg-zinc-100/95 px-2 py-1.5 text-left text-[10px] font-semibold tracking-wider text-zinc-500 uppercase backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95 dark:text-zinc-400";

/**
 * Every cell links to the request, so the whole row is a click target (middle-click opens a tab) while
 * each cell keeps its own tooltip. Only the first cell is in the tab order, so keyboard users meet one
 * link per row. The user cell holds links of its own (to the actor view) and the object cell a copy
 * button, and neither can nest in a link: there the request link is stretched behind the content instead
 * of wrapped around it.
 */
function Cell({
  column,
  href,
  first,
  align,
  behind,
  title,
  children,
}: {
  column: string;
  title?: string;
  href: string;
  first: boolean;
  align?: "right";
  behind: boolean;
  children: ReactNode;
}) {
  const link = "outline-none focus-visible:bg-sky-100 dark:focus-visible:bg-sky-900/40";
  return (
    <td data-column={column} className={cn("p-0 align-middle", behind && "relative", align === "right" && "text-right")}>
      {behind ? (
        <>
          <Link
            href={href}
            prefetch={false}
            tabIndex={first ? undefined : -1}
            aria-hidden={first ? undefined : true}
            aria-label="Open request"
            title={title}
            className={cn("absolute inset-0", link)}
          />
          <div className="pointer-events-none relative px-2 py-1">{children}</div>
        </>
      ) : (
        <Link href={href} prefetch={false} tabIndex={first ? undefined : -1} className={cn("block px-2 py-1", link)}>
          {children}
        </Link>
      )}
    </td>
  );
}

function SortHeader({ label, active, href }: { label: string; active: boolean; href: string }) {
  return (
    <Link
      href={href}
      scroll={false}
      data-testid={`sort-header-${label.toLowerCase().split(" ")[0]}`}
      className={cn("inline-flex items-center gap-1 hover:text-zinc-900 dark:hover:text-zinc-100", active && "text-zinc-900 dark:text-zinc-100")}
      title={active ? undefined : `Sort by ${label.toLowerCase()}`}
    >
      {label}
      <span aria-hidden className={active ? "" : "opacity-0"}>
        ↓
      </span>
    </Link>
  );
}

const SORT_LABELS: Record<SortBy, string> = { time: "Newest first", latency: "Slowest first" };

function SortControl({ state }: { state: DashboardState }) {
  return (
    <div role="group" aria-label="Sort requests" className="flex items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
      <span className="mr-1">Sort</span>
      <div className="flex rounded border border-zinc-300 p-px dark:border-zinc-700">
        {(Object.keys(SORT_LABELS) as SortBy[]).map((s) => {
          const active = state.view.sort === s;
          return (
            <Link
              key={s}
              href={dashboardHref(state, { view: { sort: s } })}
              scroll={false}
              aria-current={active ? "true" : undefined}
              data-testid={`sort-${s}`}
              className={cn(
                "rounded-sm px-2 py-0.5 font-medium",
                active
                  ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                  : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
              )}
            >
              {SORT_LABELS[s]}
            </Link>
          );
        })}
      </div>
    </div>
  );
}

/** `showCluster` adds a cluster column; with one cluster in the store it would repeat one word on every row. */
export function RequestsTable({ rows, state, showCluster = false }: { rows: RequestRow[]; state: DashboardState; showCluster?: boolean }) {
  const shown = state.view.cols ?? DEFAULT_COLUMNS;
  const columnVisibility = useMemo<ColumnVisibilityState>(
    () => ({ ...Object.fromEntries(REQUEST_COLUMNS.map((c) => [c, shown.includes(c)])), cluster: showCluster }),
    [shown, showCluster],
  );
  const table = useTable({ features, columns, data: rows, state: { columnVisibility }, getRowId });
  const visible = table.getVisibleLeafColumns();
  const fixedRem = visible.reduce((sum, c) => sum + (WIDTH[c.id as ColumnId] ? Number.parseFloat(WIDTH[c.id as ColumnId]!) : MIN_FLEX_REM), 0);

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
        <SortControl state={state} />
        <ColumnChooser state={state} />
      </div>
      <table
        data-testid="requests-table"
        data-sort={state.view.sort}
        className="w-full table-fixed border-separate border-spacing-0 text-xs"
        style={{ minWidth: `${Math.max(40, fixedRem)}rem` }}
      >
        <colgroup>
          {visible.map((c) => (
            <col key={c.id} style={{ width: WIDTH[c.id as ColumnId] }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const meta = HEADER[header.column.id as ColumnId];
                const label = String(header.column.columnDef.header);
                const active = meta.sort !== undefined && meta.sort === state.view.sort;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={active ? "descending" : undefined}
                    data-column={header.column.id}
                    className={cn(th, meta.align === "right" && "text-right")}
                  >
                    {meta.sort ? <SortHeader label={label} active={active} href={dashboardHref(state, { view: { sort: meta.sort } })} /> : label}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => {
            const href = requestHref(row.original.id);
            return (
              <tr
                key={row.id}
                data-testid="request-row"
                className="group hover:bg-sky-50/70 dark:hover:bg-zinc-800/60 [&>td]:border-b [&>td]:border-zinc-100 dark:[&>td]:border-zinc-800/70"
              >
                {row.getVisibleCells().map((cell, i) => (
                  <Cell
                    key={cell.id}
                    column={cell.column.id}
                    href={href}
                    first={i === 0}
                    behind={BEHIND.has(cell.column.id)}
                    title={cellTitle(cell.column.id, row.original)}
                    align={HEADER[cell.column.id as ColumnId].align}
                  >
                    <table.FlexRender cell={cell} />
                  </Cell>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
