import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { formatBytes } from "@/lib/format/bytes";
import { durationBetween, formatDuration } from "@/lib/format/duration";
import { formatNumber } from "@/lib/format/number";
import { formatTime } from "@/lib/format/time";
import type { IngestRun } from "@/lib/store/types";
import { DeleteRunButton } from "./delete-run-button";
import { RunStatus, type RunWarning } from "./run-status";

const FIRST_ERRORS = 10;

const th =
  "border-b border-zinc-200 bg-zinc-100/95 px-2 py-1.5 text-left text-[10px] font-semibold tracking-wider whitespace-nowrap text-zinc-500 uppercase backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/95 dark:text-zinc-400";
const td = "border-b border-zinc-100 px-2 py-1.5 align-top dark:border-zinc-800/70";
/**
 * File and cluster names wrap anywhere rather than set the table's width: one long name (a GKE context
 * such as `gke_project_zone_cluster`, a dated log file) would otherwise push the status and Delete
 * columns out of the card, where only a scrollbar below the last of 100 rows could reach them.
 */
const wrap = "block [overflow-wrap:anywhere]";

function Num({ value, warn = false }: { value: number; warn?: boolean }) {
  return (
    <td className={cn(td, "tabular text-right font-mono", warn && value > 0 ? "text-amber-700 dark:text-amber-400" : "")}>
      {formatNumber(value)}
    </td>
  );
}

function Errors({ run }: { run: ShownRun }): ReactNode {
  if (run.errors.length === 0 && !run.failure) return null;
  return (
    <details className="group mt-1">
      <summary className="cursor-pointer text-[11px] text-amber-700 select-none hover:underline dark:text-amber-400">
        {run.failure ? "failure" : ""}
        {run.failure && run.errors.length > 0 ? " · " : ""}
        {run.errors.length > 0 ? `${formatNumber(run.errors.length)} ${run.errors.length === 1 ? "problem" : "problems"}` : ""}
      </summary>
      <div className="mt-1 rounded border border-zinc-200 bg-zinc-50 p-2 font-mono text-[11px] leading-5 whitespace-normal dark:border-zinc-800 dark:bg-zinc-950">
        {run.failure ? <p className="break-words text-red-700 dark:text-red-400">{run.failure}</p> : null}
        <ul>
          {run.errors.slice(0, FIRST_ERRORS).map((e, i) => (
            <li key={`${e.line}-${i}`} className="flex gap-2">
              <span className="shrink-0 text-zinc-500">line {e.line}</span>
              <span className="break-all">{e.reason}</span>
            </li>
          ))}
        </ul>
        {run.errors.length > FIRST_ERRORS ? <p className="text-zinc-500">… and {formatNumber(run.errors.length - FIRST_ERRORS)} more</p> : null}
      </div>
    </details>
  );
}

/** A run and, when it read no audit event at all, why (lib/ingest/no-events.ts). */
export type ShownRun = IngestRun & { warning: RunWarning | null };

/** `manage`: show each finished run's Delete button (admins). */
export function RunsTable({ runs, manage }: { runs: ShownRun[]; manage: boolean }) {
  return (
    <table data-testid="runs-table" className="w-full border-separate border-spacing-0 text-xs">
      <thead>
        <tr>
          <th scope="col" className={cn(th, "text-right")}>ID</th>
          <th scope="col" className={th}>Source</th>
          <th scope="col" className={th}>File</th>
          <th scope="col" className={th}>Cluster</th>
          <th scope="col" className={th}>Started (UTC)</th>
          <th scope="col" className={cn(th, "text-right")}>Duration</th>
          <th scope="col" className={cn(th, "text-right")}>Bytes</th>
          <th scope="col" className={cn(th, "text-right")}>Events</th>
          <th scope="col" className={cn(th, "text-right")}>Added</th>
          <th scope="col" className={cn(th, "text-right")}>Duplicates</th>
          <th scope="col" className={cn(th, "text-right")}>Invalid</th>
          <th scope="col" className={cn(th, "text-right")}>Requests</th>
          <th scope="col" className={th}>Status</th>
          {manage ? <th scope="col" className={th}><span className="sr-only">Actions</span></th> : null}
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const duration = durationBetween(run.startedAt, run.endedAt);
          return (
            <tr key={run.runId} data-testid="run-row" className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
              <td className={cn(td, "tabular text-right font-mono text-zinc-500")}>{run.runId}</td>
              <td className={cn(td, "font-mono")}>{run.source}</td>
              <td className={cn(td, "min-w-[8rem] font-mono")}>
                <span data-testid="run-file" className={wrap}>
                  {run.filename ?? <span className="text-zinc-400">—</span>}
                </span>
                <Errors run={run} />
              </td>
              <td className={cn(td, "min-w-[6rem] font-mono")}>
                <span data-testid="run-cluster" className={wrap}>{run.cluster}</span>
              </td>
              <td className={cn(td, "tabular font-mono text-zinc-600 dark:text-zinc-400")} title={run.startedAt}>
                {formatTime(run.startedAt, "s")}
              </td>
              <td className={cn(td, "tabular text-right font-mono whitespace-nowrap")}>
                {duration === null ? <span className="text-zinc-400">{run.status === "running" ? "running…" : "—"}</span> : formatDuration(duration)}
              </td>
              <td className={cn(td, "tabular text-right font-mono whitespace-nowrap")} title={`${run.bytes} bytes`}>
                {formatBytes(run.bytes)}
              </td>
              <Num value={run.events} />
              <td className={cn(td, "tabular text-right font-mono")}>
                {formatNumber(run.added)}
                {run.removed > 0 ? (
                  <span
                    className="block text-[11px] whitespace-nowrap text-zinc-500"
                    title={`${formatNumber(run.removed)} of its events deleted since (retention, delete before)`}
                    data-testid="run-removed"
                  >
                    −{formatNumber(run.removed)}
                    <span className="sr-only"> deleted since</span>
                  </span>
                ) : null}
              </td>
              <Num value={run.duplicates} />
              <Num value={run.invalid} warn />
              <Num value={run.requests} />
              <td className={td}>
                <RunStatus status={run.status} failure={run.failure} warning={run.warning} />
              </td>
              {manage ? (
                <td className={cn(td, "py-1 whitespace-nowrap")}>
                  <DeleteRunButton runId={run.runId} running={run.status === "running"} />
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
