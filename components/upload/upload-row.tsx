import { Badge } from "@/components/ui/badge";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes } from "@/lib/format/bytes";
import type { UploadSummary } from "./api-response";
import { RunSummaryView } from "./run-summary-view";

export type UploadItem = {
  key: number;
  file: File;
  cluster: string;
  /** "warning": read to the end, but not one audit event in it (summary.warning says why). */
  status: "queued" | "sending" | "processing" | "done" | "warning" | "failed";
  loaded: number;
  summary?: UploadSummary;
  error?: string;
};

function StatusBadge({ item }: { item: UploadItem }) {
  switch (item.status) {
    case "queued":
      return <Badge>queued</Badge>;
    case "sending":
      return <Badge tone="blue">uploading</Badge>;
    case "processing":
      return <Badge tone="blue">processing</Badge>;
    case "done":
      return <Badge tone="green">done · run #{item.summary?.runId}</Badge>;
    case "warning":
      return <Badge tone="amber">no events · run #{item.summary?.runId}</Badge>;
    case "failed":
      return <Badge tone="red">failed</Badge>;
  }
}

export function UploadRow({ item }: { item: UploadItem }) {
  const size = item.file.size;
  // While the server parses the file there is nothing to measure: an indeterminate bar.
  const progress = item.status === "processing" ? null : item.loaded / Math.max(1, size);
  return (
    <li data-testid="upload-row" data-status={item.status} className="flex flex-col gap-2 px-3 py-2.5">
      <div className="flex items-center gap-3">
        <span data-testid="upload-name" title={item.file.name} className="min-w-0 flex-1 truncate font-mono text-xs font-medium">
          {item.file.name}
        </span>
        <span className="shrink-0 text-[11px] text-zinc-500">
          cluster <span className="font-mono text-zinc-700 dark:text-zinc-300">{item.cluster}</span>
        </span>
        <span className="tabular w-36 shrink-0 text-right font-mono text-[11px] text-zinc-500">
          {item.status === "sending" ? `${formatBytes(item.loaded)} / ` : ""}
          {formatBytes(size)}
        </span>
        <span className="w-32 shrink-0 text-right">
          <StatusBadge item={item} />
        </span>
      </div>
      {item.status !== "done" && item.status !== "warning" && item.status !== "failed" ? (
        <ProgressBar
          value={progress}
          label={item.status === "processing" ? `Processing ${item.file.name}` : `Uploading ${item.file.name}`}
        />
      ) : null}
      {item.status === "processing" ? <p className="text-[11px] text-zinc-500">Uploaded — the server is parsing and storing events…</p> : null}
      {item.error ? (
        <p data-testid="upload-error" role="alert" className="text-xs text-red-700 dark:text-red-400">
          {item.error}
        </p>
      ) : null}
      {item.summary?.warning ? (
        <p data-testid="upload-warning" role="status" className="rounded border border-amber-300 bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-300">
          {item.summary.warning}
        </p>
      ) : null}
      {item.summary ? <RunSummaryView summary={item.summary} /> : null}
    </li>
  );
}
