import { formatNumber } from "@/lib/format/number";
import { cn } from "@/components/ui/cn";
import type { UploadItem } from "./upload-row";

type Totals = { events: number; added: number; duplicates: number; invalid: number };

function totalsOf(items: UploadItem[]): Totals {
  const totals: Totals = { events: 0, added: 0, duplicates: 0, invalid: 0 };
  for (const { summary } of items) {
    if (!summary) continue;
    totals.events += summary.events;
    totals.added += summary.added;
    totals.duplicates += summary.duplicates;
    totals.invalid += summary.invalid;
  }
  return totals;
}

const count = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

/**
 * One line of figures for a multi-file upload, above the per-file cards: what the batch added in all.
 * `gained` is the store's request count after the batch minus before it (undefined while files are
 * still going, null when the server did not say); per-file request counts would count a request twice
 * when its stages sit in two files.
 */
export function BatchSummary({ items, gained }: { items: UploadItem[]; gained: number | null | undefined }) {
  const totals = totalsOf(items);
  const finished = items.filter((i) => i.status === "done" || i.status === "warning" || i.status === "failed").length;
  const warnings = items.filter((i) => i.status === "warning").length;
  const failed = items.filter((i) => i.status === "failed").length;
  const figures = [
    { key: "files", label: "Files", value: formatNumber(items.length), hint: "files in this upload" },
    { key: "events", label: "Events", value: formatNumber(totals.events), hint: "audit events read from the files" },
    { key: "added", label: "Added", value: formatNumber(totals.added), hint: "new events stored" },
    { key: "duplicates", label: "Duplicates", value: formatNumber(totals.duplicates), hint: "events already stored — skipped" },
    { key: "invalid", label: "Invalid", value: formatNumber(totals.invalid), hint: "lines that are not audit events" },
    { key: "gained", label: "Requests gained", value: gained === undefined ? "…" : gained === null ? "—" : formatNumber(gained), hint: "requests the store holds now that it did not before the upload" },
  ] as const;
  return (
    <section data-testid="batch-summary" aria-label="Upload summary" className="flex flex-col gap-1.5">
      <dl className="grid grid-cols-6 divide-x divide-zinc-200 rounded border border-zinc-300 bg-zinc-50 dark:divide-zinc-800 dark:border-zinc-700 dark:bg-zinc-900/60">
        {figures.map(({ key, label, value, hint }) => (
          <div key={key} className="px-2.5 py-1.5" title={hint}>
            <dt className="text-[10px] font-semibold tracking-wider text-zinc-500 uppercase">{label}</dt>
            <dd
              data-testid={`batch-${key}`}
              className={cn(
                "tabular font-mono text-sm font-semibold",
                key === "invalid" && totals.invalid > 0 ? "text-amber-700 dark:text-amber-400" : "text-zinc-900 dark:text-zinc-100",
              )}
            >
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <p data-testid="batch-status" className="text-[11px] text-zinc-600 dark:text-zinc-400">
        {finished < items.length ? `${formatNumber(finished)} of ${count(items.length, "file")} finished` : `${count(items.length, "file")} finished`}
        {warnings > 0 ? <span className="text-amber-700 dark:text-amber-400"> · {count(warnings, "file")} with no audit events</span> : null}
        {failed > 0 ? <span className="text-red-700 dark:text-red-400"> · {count(failed, "file")} failed</span> : null}
      </p>
    </section>
  );
}
