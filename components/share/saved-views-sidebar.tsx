"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import type { SavedView } from "@/lib/views/types";
import { PanelIcon } from "./icons";
import { SavedViewsList } from "./saved-views-list";
import { SaveViewForm } from "./save-view-form";
import { isViewPage, useCurrentView } from "./use-current-view";

/**
 * Saved views beside every explorer page. Until the user chooses, CSS decides: open on wide screens, a
 * thin rail on narrow ones, so the dashboard keeps its width where it needs it.
 */
export function SavedViewsSidebar({ views }: { views: SavedView[] }) {
  const current = useCurrentView();
  const [open, setOpen] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = open === null ? "hidden xl:flex" : open ? "flex" : "hidden";
  const rail = open === null ? "flex xl:hidden" : open ? "hidden" : "flex";

  return (
    <aside aria-label="Saved views" className="shrink-0 print:hidden">
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label="Show saved views"
        title="Saved views"
        data-testid="saved-views-open"
        className={cn(
          rail,
          "sticky top-14 flex-col items-center gap-1 rounded-md border border-zinc-200 bg-white px-1 py-2 text-zinc-500 hover:text-zinc-900 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:text-zinc-100",
        )}
      >
        <PanelIcon />
        <span className="text-[10px] font-semibold tabular [writing-mode:vertical-rl]">Views {views.length > 0 ? `(${views.length})` : ""}</span>
      </button>
      <div
        data-testid="saved-views-sidebar"
        className={cn(
          shown,
          "sticky top-14 max-h-[calc(100vh-4.5rem)] w-52 flex-col gap-3 overflow-y-auto rounded-md border border-zinc-200 bg-white py-2 shadow-xs dark:border-zinc-800 dark:bg-zinc-900",
        )}
      >
        <div className="flex items-center justify-between px-3">
          <h2 className="text-[11px] font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">Saved views</h2>
          <button
            type="button"
            onClick={() => setOpen(false)}
            aria-label="Hide saved views"
            title="Hide"
            className="rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
          >
            <PanelIcon />
          </button>
        </div>
        {isViewPage(current.path) ? (
          <div className="px-3">
            {saving ? (
              <SaveViewForm autoFocus onDone={() => setSaving(false)} />
            ) : (
              <button
                type="button"
                onClick={() => setSaving(true)}
                data-testid="save-current-view"
                className="w-full rounded border border-dashed border-zinc-300 px-2 py-1 text-left text-xs text-zinc-600 hover:border-sky-500 hover:text-sky-700 dark:border-zinc-700 dark:text-zinc-400 dark:hover:border-sky-500 dark:hover:text-sky-400"
              >
                + Save current view
              </button>
            )}
          </div>
        ) : null}
        <div className="px-1">
          <SavedViewsList views={views} currentUrl={current.url} />
        </div>
      </div>
    </aside>
  );
}
