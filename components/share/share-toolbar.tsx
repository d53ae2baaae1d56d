"use client";

import { useEffect, useRef, useState } from "react";
import { Button, buttonStyles } from "@/components/ui/button";
import { CopyLinkButton } from "./copy-link-button";
import { BookmarkIcon, DownloadIcon } from "./icons";
import { SaveViewForm } from "./save-view-form";
import { useCurrentView } from "./use-current-view";

/** The snapshot takes the page's own filters; only the dashboard's are meaningful to it. */
function snapshotHref(search: string): string {
  return search ? `/api/v1/snapshot?${search}` : "/api/v1/snapshot";
}

/** Copy link, Save view and Download snapshot for the current view; reads the URL, so it needs no props. */
export function ShareToolbar() {
  const current = useCurrentView();
  const [saving, setSaving] = useState(false);
  const popover = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!saving) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !popover.current?.contains(e.target as Node)) setSaving(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [saving]);

  return (
    <div className="flex items-center gap-1.5" data-testid="share-toolbar">
      <CopyLinkButton />
      <div className="relative" ref={popover}>
        <Button onClick={() => setSaving((s) => !s)} aria-expanded={saving} data-testid="save-view">
          <BookmarkIcon />
          Save view
        </Button>
        {saving ? (
          <div className="absolute top-8 right-0 z-20 w-64 rounded-md border border-zinc-200 bg-white p-3 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
            <SaveViewForm autoFocus onDone={() => setSaving(false)} />
          </div>
        ) : null}
      </div>
      <a
        href={snapshotHref(current.search)}
        download
        className={buttonStyles("secondary")}
        data-testid="download-snapshot"
        aria-label="Download snapshot"
        title="One HTML file with the timeline, breakdowns and up to 10 000 requests; opens without a server"
      >
        <DownloadIcon />
        Snapshot
      </a>
    </div>
  );
}
