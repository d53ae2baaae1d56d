"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { requestsHref } from "@/components/requests/hrefs";
import { buttonStyles, Button } from "@/components/ui/button";
import { LabeledInput } from "@/components/ui/input";
import { BatchSummary } from "./batch-summary";
import { DropZone } from "./drop-zone";
import { storeRequests } from "./store-requests";
import { UploadRow, type UploadItem } from "./upload-row";
import { uploadFile } from "./xhr-upload";

const DEFAULT_CLUSTER = "default";
/** Past this many files the per-file cards fold away behind the batch summary. */
const FOLD_AFTER = 5;

/** Where to look at what was just uploaded: the dashboard filtered to those clusters, unfiltered for "default" alone. */
function viewHref(items: UploadItem[]): string {
  const clusters = [...new Set(items.filter((i) => i.status === "done").map((i) => i.cluster))].sort();
  if (clusters.length === 0 || (clusters.length === 1 && clusters[0] === DEFAULT_CLUSTER)) return "/";
  return requestsHref({ cluster: clusters });
}

export function UploadPanel({ compact = false }: { compact?: boolean }) {
  const [cluster, setCluster] = useState(DEFAULT_CLUSTER);
  const [items, setItems] = useState<UploadItem[]>([]);
  // Files go one after another: each upload is chained onto the previous one.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const nextKey = useRef(0);
  // The store's request count before the list's first file, for "requests gained"; null until then.
  const baseline = useRef<Promise<number | null> | null>(null);
  // undefined while files are going; null when the server did not say.
  const [gained, setGained] = useState<number | null | undefined>(undefined);

  const busy = items.some((i) => i.status === "queued" || i.status === "sending" || i.status === "processing");
  const finished = items.length > 0 && !busy;
  const anyDone = items.some((i) => i.status === "done");

  useEffect(() => {
    if (!busy) return;
    // Leaving the page aborts the request mid-file; ask first.
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  function update(key: number, patch: Partial<UploadItem>) {
    setItems((prev) => prev.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  }

  async function run(item: UploadItem) {
    update(item.key, { status: "sending" });
    const result = await uploadFile(item.file, item.cluster, (p) =>
      update(item.key, p.phase === "sending" ? { status: "sending", loaded: p.loaded } : { status: "processing", loaded: item.file.size }),
    );
    if (!result.ok) update(item.key, { status: "failed", error: result.error });
    else update(item.key, { status: result.summary.warning ? "warning" : "done", summary: result.summary });
  }

  function addFiles(files: File[]) {
    const name = cluster.trim() || DEFAULT_CLUSTER;
    const added: UploadItem[] = files.map((file) => ({ key: nextKey.current++, file, cluster: name, status: "queued", loaded: 0 }));
    setItems((prev) => [...prev, ...added]);
    setGained(undefined);
    if (!baseline.current) {
      const before = storeRequests();
      baseline.current = before;
      queue.current = queue.current.then(() => before.then(() => undefined));
    }
    for (const item of added) queue.current = queue.current.then(() => run(item));
    const last = queue.current;
    void last.then(async () => {
      const [before, after] = await Promise.all([baseline.current, storeRequests()]);
      // Files added meanwhile: the count waits for them.
      if (queue.current === last) setGained(before == null || after === null ? null : after - before);
    });
  }

  function clear() {
    setItems([]);
    setGained(undefined);
    baseline.current = null;
  }

  const rows = (
    <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
      {items.map((item) => (
        <UploadRow key={item.key} item={item} />
      ))}
    </ul>
  );

  return (
    <div data-testid="upload-panel" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        <LabeledInput
          label="Cluster"
          name="cluster"
          value={cluster}
          onChange={(e) => setCluster(e.target.value)}
          placeholder={DEFAULT_CLUSTER}
          autoComplete="off"
          spellCheck={false}
          className="w-56"
          data-testid="cluster-input"
        />
        <p className="pb-1.5 text-xs text-zinc-500 dark:text-zinc-400">Events are stored under this cluster name; it applies to files added from now on.</p>
      </div>
      <DropZone onFiles={addFiles} compact={compact} />
      {items.length > 1 ? <BatchSummary items={items} gained={busy ? undefined : gained} /> : null}
      {items.length > FOLD_AFTER ? (
        <details data-testid="upload-files" className="group">
          <summary className="cursor-pointer text-xs font-medium text-zinc-700 select-none hover:underline dark:text-zinc-300">
            <span className="group-open:hidden">Show</span>
            <span className="hidden group-open:inline">Hide</span> each file ({items.length})
          </summary>
          <div className="mt-2">{rows}</div>
        </details>
      ) : items.length > 0 ? (
        rows
      ) : null}
      {finished ? (
        <div className="flex items-center gap-2">
          {anyDone ? (
            <Link href={viewHref(items)} className={buttonStyles("primary")} data-testid="view-requests">
              View requests
            </Link>
          ) : null}
          <Button variant="ghost" onClick={clear}>
            Clear list
          </Button>
        </div>
      ) : null}
    </div>
  );
}
