import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { formatBytes } from "@/lib/format/bytes";
import { formatNumber } from "@/lib/format/number";
import { formatTime } from "@/lib/format/time";
import type { RetentionStatus, StoreInfo } from "@/lib/retention/types";
import { RetentionActions } from "./retention-actions";

function Fact({ label, children, title, testId }: { label: string; children: ReactNode; title?: string; testId?: string }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-[10px] font-semibold tracking-wider text-zinc-500 uppercase">{label}</dt>
      <dd className="tabular font-mono text-sm whitespace-nowrap text-zinc-900 dark:text-zinc-100" title={title} data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function policyText(r: RetentionStatus): string {
  const parts = [
    // As configured: fractions (0.5 GB) included.
    r.settings.days !== null ? `requests of the last ${r.settings.days} ${r.settings.days === 1 ? "day" : "days"}` : null,
    r.settings.maxGb !== null ? `at most ${r.settings.maxGb} GB of data` : null,
  ].filter((p) => p !== null);
  return parts.length === 0 ? "" : `Keeps ${parts.join(" and ")}, applied every ${r.intervalMinutes} minutes.`;
}

function RetentionLine({ retention }: { retention: RetentionStatus }) {
  if (retention.error) {
    return <p className="text-xs text-red-700 dark:text-red-400">Retention is off: {retention.error}</p>;
  }
  const policy = policyText(retention);
  const last = retention.last;
  return (
    <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="retention-policy">
      {policy || "No retention policy: data is kept until deleted here. Set AUDITLENS_RETENTION_DAYS or AUDITLENS_RETENTION_MAX_GB to delete old data automatically."}
      {last ? ` Last pass ${formatTime(last.at, "s")} UTC: ${formatNumber(last.deleted.requests)} requests deleted.` : ""}
      {retention.lastError ? <span className="text-red-700 dark:text-red-400"> Last pass failed: {retention.lastError}</span> : null}
    </p>
  );
}

/**
 * The store's size and span, its retention policy, and (for admins) deleting old data. Free pages are
 * what deletions emptied: SQLite fills them before it grows the file.
 */
export function StorePanel({ store, retention, manage }: { store: StoreInfo; retention: RetentionStatus; manage: boolean }) {
  const policy = !retention.error && (retention.settings.days !== null || retention.settings.maxGb !== null);
  return (
    <Card data-testid="store-panel">
      <CardHeader title="Store" aside={<span className="truncate font-mono" title={store.file}>{store.file}</span>} />
      <div className="flex flex-col gap-3 px-3 py-2.5">
        <dl className="flex flex-wrap gap-x-8 gap-y-2">
          <Fact label="File" title={`${store.fileBytes + store.walBytes} bytes, write-ahead log included`} testId="store-file-size">
            {formatBytes(store.fileBytes + store.walBytes)}
          </Fact>
          <Fact label="Data" title={`${formatNumber(store.pageCount - store.freePages)} pages of ${formatBytes(store.pageSize)}`}>
            {formatBytes(store.usedBytes)}
          </Fact>
          <Fact label="Free, reused first" title={`${formatNumber(store.freePages)} pages`}>
            {formatBytes(store.freePages * store.pageSize)}
          </Fact>
          <Fact label="Requests" testId="store-requests">{formatNumber(store.requests)}</Fact>
          <Fact label="Events" testId="store-events">{formatNumber(store.events)}</Fact>
          <Fact label="Oldest (UTC)" title={store.oldest ?? undefined} testId="store-oldest">{formatTime(store.oldest, "s")}</Fact>
          <Fact label="Newest (UTC)" title={store.newest ?? undefined} testId="store-newest">{formatTime(store.newest, "s")}</Fact>
        </dl>
        <RetentionLine retention={retention} />
        {manage ? <RetentionActions policy={policy} /> : null}
      </div>
    </Card>
  );
}
