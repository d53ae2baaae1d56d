"use client";

import { useDismissableDetails } from "@/components/ui/use-dismissable-details";
import { buttonStyles } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

/** The formats GET /api/v1/export streams (EXPORT_FORMATS, lib/store/rows.ts). */
type ExportFormat = "jsonl" | "csv";

/** Keys that pick a page or a presentation, not requests: an export always has every matching request. */
const NOT_FILTERS = ["cursor", "limit", "cols", "sort", "stack"];

/** GET /api/v1/export for the view's filters; `search` is the page's query string, with or without "?". */
export function exportHref(search: string, format: ExportFormat): string {
  const params = new URLSearchParams(search);
  for (const key of NOT_FILTERS) params.delete(key);
  params.set("format", format);
  params.sort();
  return `/api/v1/export?${params.toString()}`;
}

const ITEMS: { format: ExportFormat; label: string; detail: string }[] = [
  { format: "jsonl", label: "JSON lines", detail: "The original audit events; Auditlens or any tool re-reads them" },
  { format: "csv", label: "CSV", detail: "One row per request, for a spreadsheet" },
];

/**
 * Downloads every request of the current view (not only the page shown), streamed by the server. Place
 * it in the dashboard toolbar with the page's current query string: <ExportMenu search={search} />.
 */
export function ExportMenu({ search }: { search: string }) {
  const ref = useDismissableDetails();

  return (
    <details ref={ref} className="relative" data-testid="export-menu">
      <summary className={cn(buttonStyles("secondary"), "cursor-pointer list-none [&::-webkit-details-marker]:hidden")}>
        <svg viewBox="0 0 16 16" aria-hidden className="size-3.5 shrink-0" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round">
          <path d="M8 2.5v7.5M5 7.5 8 10.5l3-3M3 12.5h10" />
        </svg>
        Export
        <span aria-hidden className="text-[10px]">
          ▾
        </span>
      </summary>
      <div
        role="menu"
        aria-label="Export requests"
        className="absolute right-0 z-30 mt-1 w-64 rounded-md border border-zinc-200 bg-white p-1 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      >
        {ITEMS.map((item) => (
          <a
            key={item.format}
            role="menuitem"
            href={exportHref(search, item.format)}
            download
            data-testid={`export-${item.format}`}
            onClick={() => {
              if (ref.current) ref.current.open = false;
            }}
            className="block rounded px-2 py-1.5 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <span className="block font-medium text-zinc-800 dark:text-zinc-200">{item.label}</span>
            <span className="block text-[11px] text-zinc-500 dark:text-zinc-400">{item.detail}</span>
          </a>
        ))}
      </div>
    </details>
  );
}
