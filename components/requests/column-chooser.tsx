"use client";

import Link from "next/link";
import { useDismissableDetails } from "@/components/ui/use-dismissable-details";
import { dashboardHref, type DashboardState } from "@/components/dashboard/dashboard-href";
import { buttonStyles } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DEFAULT_COLUMNS, REQUEST_COLUMNS, type RequestColumn } from "@/lib/query/view";

export const COLUMN_LABELS: Record<RequestColumn, string> = {
  time: "Time (UTC)",
  user: "User",
  verb: "Verb",
  resource: "Resource",
  object: "Namespace / name",
  code: "Code",
  latency: "Latency",
  sourceIP: "Source IP",
  userAgent: "User agent",
};

/** The columns after toggling one, in the table's order; undefined (left out of the URL) at the default. */
function toggled(shown: readonly RequestColumn[], column: RequestColumn): RequestColumn[] | undefined {
  const next = REQUEST_COLUMNS.filter((c) => (c === column ? !shown.includes(c) : shown.includes(c)));
  return next.join() === DEFAULT_COLUMNS.join() ? undefined : next;
}

/**
 * Which columns the table shows: `cols` in the URL, so a shared link shows the same columns. Each entry
 * is a link to the view with that column toggled; the menu stays open for the next choice and closes on
 * Escape or a click outside.
 */
export function ColumnChooser({ state }: { state: DashboardState }) {
  const ref = useDismissableDetails();
  const shown = state.view.cols ?? DEFAULT_COLUMNS;

  return (
    <details ref={ref} className="relative" data-testid="column-chooser">
      <summary className={cn(buttonStyles("ghost"), "cursor-pointer list-none [&::-webkit-details-marker]:hidden")}>
        Columns
        <span className="tabular text-zinc-400 dark:text-zinc-500">
          {shown.length}/{REQUEST_COLUMNS.length}
        </span>
        <span aria-hidden className="text-[10px]">
          ▾
        </span>
      </summary>
      <div
        role="menu"
        aria-label="Columns"
        className="absolute right-0 z-30 mt-1 w-52 rounded-md border border-zinc-200 bg-white p-1 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      >
        {REQUEST_COLUMNS.map((c) => {
          const on = shown.includes(c);
          const last = on && shown.length === 1;
          const box = (
            <span
              aria-hidden
              className={cn(
                "flex size-3.5 shrink-0 items-center justify-center rounded-sm border text-[10px] leading-none",
                on ? "border-sky-600 bg-sky-600 text-white dark:border-sky-500 dark:bg-sky-500" : "border-zinc-300 dark:border-zinc-600",
              )}
            >
              {on ? "✓" : ""}
            </span>
          );
          const row = "flex items-center gap-2 rounded px-2 py-1.5";
          // The table needs at least one column: the last one shown cannot be switched off.
          return last ? (
            <span key={c} role="menuitemcheckbox" aria-checked aria-disabled="true" className={cn(row, "text-zinc-400 dark:text-zinc-500")}>
              {box}
              {COLUMN_LABELS[c]}
            </span>
          ) : (
            <Link
              key={c}
              role="menuitemcheckbox"
              aria-checked={on}
              data-testid={`column-${c}`}
              href={dashboardHref(state, { view: { cols: toggled(shown, c) } })}
              scroll={false}
              className={cn(row, "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800")}
            >
              {box}
              {COLUMN_LABELS[c]}
            </Link>
          );
        })}
        {state.view.cols ? (
          <Link
            href={dashboardHref(state, { view: { cols: undefined } })}
            scroll={false}
            data-testid="columns-default"
            className="mt-1 block border-t border-zinc-100 px-2 pt-1.5 pb-1 text-sky-700 hover:underline dark:border-zinc-800 dark:text-sky-400"
          >
            Default columns
          </Link>
        ) : null}
      </div>
    </details>
  );
}
