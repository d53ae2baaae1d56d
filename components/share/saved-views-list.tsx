"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import type { SavedView } from "@/lib/views/types";
import { CloseIcon } from "./icons";

/** What a saved URL filters on, short enough for the sidebar: "cluster=prod verb=delete". */
function describe(url: string): string {
  const [path = "/", search = ""] = url.split("?", 2);
  const params = [...new URLSearchParams(search)].map(([k, v]) => `${k}=${v}`).join(" ");
  const where = path === "/" ? "" : `${decodeURIComponent(path)} `;
  return `${where}${params}`.trim() || "all requests";
}

function SavedViewItem({ view, current }: { view: SavedView; current: boolean }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    const res = await fetch(`/api/v1/views/${encodeURIComponent(view.id)}`, { method: "DELETE" });
    setBusy(false);
    if (res.ok || res.status === 404) router.refresh();
    else setError(`could not delete (${res.status})`);
  }

  return (
    <li data-testid="saved-view" data-view-id={view.id} className="group relative">
      <Link
        href={view.path}
        title={view.url}
        aria-current={current ? "page" : undefined}
        className={cn(
          "block rounded px-2 py-1 pr-7 hover:bg-zinc-100 dark:hover:bg-zinc-800/70",
          current && "bg-sky-50 dark:bg-sky-950/50",
        )}
      >
        <span className="block truncate text-xs font-medium text-zinc-800 dark:text-zinc-200">{view.name}</span>
        <span className="block truncate font-mono text-[10px] text-zinc-500 dark:text-zinc-500">{describe(view.url)}</span>
      </Link>
      {confirming ? (
        <div className="flex items-center gap-1 px-2 pb-1 text-[11px]">
          <button
            type="button"
            disabled={busy}
            onClick={remove}
            className="rounded bg-red-600 px-1.5 py-0.5 font-medium text-white hover:bg-red-700 disabled:opacity-50"
          >
            Delete
          </button>
          <button type="button" onClick={() => setConfirming(false)} className="px-1 text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
            Keep
          </button>
        </div>
      ) : (
        <button
          type="button"
          aria-label={`Delete view ${view.name}`}
          title="Delete this view"
          onClick={() => setConfirming(true)}
          className="absolute top-1.5 right-1 rounded p-0.5 text-zinc-400 opacity-0 group-hover:opacity-100 hover:bg-zinc-200 hover:text-zinc-700 focus-visible:opacity-100 dark:hover:bg-zinc-700 dark:hover:text-zinc-200"
        >
          <CloseIcon />
        </button>
      )}
      {error ? <p className="px-2 text-[11px] text-red-700 dark:text-red-400">{error}</p> : null}
    </li>
  );
}

export function SavedViewsList({ views, currentUrl }: { views: SavedView[]; currentUrl: string }) {
  if (views.length === 0) {
    return (
      <p className="px-2 text-xs text-zinc-500 dark:text-zinc-400" data-testid="no-saved-views">
        No saved views yet. Save the current filters to reopen them later with a short link.
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-0.5" data-testid="saved-views">
      {views.map((v) => (
        <SavedViewItem key={v.id} view={v} current={v.url === currentUrl} />
      ))}
    </ul>
  );
}
