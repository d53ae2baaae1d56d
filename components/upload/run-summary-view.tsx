import { formatNumber } from "@/lib/format/number";
import { cn } from "@/components/ui/cn";
import type { UploadSummary } from "./api-response";

const FIGURES = [
  { field: "events", label: "Events", hint: "audit events read from the file" },
  { field: "added", label: "Added", hint: "new events stored" },
  { field: "duplicates", label: "Duplicates", hint: "(auditID, stage) pairs already stored — skipped" },
  { field: "invalid", label: "Invalid", hint: "lines that are not audit events" },
  { field: "requests", label: "Requests", hint: "requests (auditIDs) touched by this file" },
] as const;

const MAX_ERRORS = 100;

export function RunSummaryView({ summary }: { summary: UploadSummary }) {
  const errors = summary.errors.slice(0, MAX_ERRORS);
  return (
    <div data-testid="run-summary" className="flex flex-col gap-2">
      <dl className="grid grid-cols-5 divide-x divide-zinc-200 rounded border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {FIGURES.map(({ field, label, hint }) => (
          <div key={field} className="px-2.5 py-1.5" title={hint}>
            <dt className="text-[10px] font-semibold tracking-wider text-zinc-500 uppercase">{label}</dt>
            <dd
              data-testid={`summary-${field}`}
              className={cn(
                "tabular font-mono text-sm font-semibold",
                field === "invalid" && summary.invalid > 0 ? "text-amber-700 dark:text-amber-400" : "text-zinc-900 dark:text-zinc-100",
              )}
            >
              {formatNumber(summary[field])}
            </dd>
          </div>
        ))}
      </dl>
      {errors.length > 0 ? (
        <div data-testid="summary-errors" className="rounded border border-amber-200 bg-amber-50/60 dark:border-amber-500/30 dark:bg-amber-500/5">
          <p className="border-b border-amber-200 px-2.5 py-1 text-[11px] font-semibold text-amber-800 dark:border-amber-500/30 dark:text-amber-300">
            {summary.errors.length === 1 ? "1 problem" : `${formatNumber(summary.errors.length)} problems`}
            {summary.errors.length > MAX_ERRORS ? ` (first ${MAX_ERRORS} shown)` : ""}
          </p>
          <ul className="max-h-48 overflow-auto px-2.5 py-1 font-mono text-[11px] leading-5">
            {errors.map((e, i) => (
              <li key={`${e.line}-${i}`} className="flex gap-2">
                <span className="tabular shrink-0 text-zinc-500">line {e.line}</span>
                <span className="break-all text-zinc-800 dark:text-zinc-200">{e.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
