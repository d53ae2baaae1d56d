import Link from "next/link";
import { requestsHref } from "@/components/requests/hrefs";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { singularKind } from "@/lib/audit/describe";
import { formatNumber } from "@/lib/format/number";
import { formatTerm } from "@/lib/query/terms";
import { HistoryEntry, type EntryData } from "./history-entry";

export type HistoryData = {
  key: { cluster: string | null; group: string; resource: string; namespace: string | null; name: string };
  entries: EntryData[];
  total: number;
  totalAtLeast: boolean;
  truncated: boolean;
  next: string | null;
  versions: number;
};

type Options = { order: "desc" | "asc"; fields: "changed" | "all"; limit: number; cursor?: string | undefined };

/** The store's page size when the URL names none (lib/store/sqlite/history.ts): left out of links. */
const DEFAULT_LIMIT = 20;

function Toggle({ href, active, children }: { href: string; active: boolean; children: string }) {
  return (
    <Link
      href={href}
      prefetch={false}
      aria-current={active ? "true" : undefined}
      className={cn(
        "px-2 py-1 text-xs",
        active ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
      )}
    >
      {children}
    </Link>
  );
}

/** This history's URL with other options; keys sorted, defaults left out, so equal views have equal links. */
function selfHref(h: HistoryData, o: Options): string {
  const p = new URLSearchParams();
  if (h.key.cluster !== null) p.set("cluster", h.key.cluster);
  if (o.cursor) p.set("cursor", o.cursor);
  if (o.fields === "all") p.set("fields", "all");
  if (h.key.group) p.set("group", h.key.group);
  if (o.limit !== DEFAULT_LIMIT) p.set("limit", String(o.limit));
  if (h.key.namespace) p.set("ns", h.key.namespace);
  p.set("name", h.key.name);
  if (o.order === "asc") p.set("order", "asc");
  p.set("resource", h.key.resource);
  return `/objects?${p.toString()}`;
}

/** The store stops counting an object's requests at 1 000: "1,000+". */
const requestCount = (h: HistoryData) => `${formatNumber(h.total)}${h.totalAtLeast ? "+" : ""}`;

/**
 * Keyset paging, as on the dashboard: onward follows the store's cursor, the first link goes back to the
 * start. Each page's first change is still relative to the version before it, on whichever page that is.
 */
function HistoryPages({ h, options }: { h: HistoryData; options: Options }) {
  const newest = options.order === "desc";
  const onward = newest ? "Older →" : "Newer →";
  return (
    <nav aria-label="Pages" data-testid="history-pages" className="flex items-center justify-between gap-3 py-1 text-xs text-zinc-500 dark:text-zinc-400">
      <span>
        {formatNumber(h.entries.length)} of {requestCount(h)} on this page · {newest ? "newest first" : "oldest first"}
      </span>
      <div className="flex items-center gap-2">
        {options.cursor ? (
          <Link href={selfHref(h, { ...options, cursor: undefined })} prefetch={false} className={buttonStyles("secondary")} data-testid="history-first">
            {newest ? "← Newest" : "← Oldest"}
          </Link>
        ) : null}
        {h.next ? (
          <Link href={selfHref(h, { ...options, cursor: h.next })} prefetch={false} className={buttonStyles("secondary")} data-testid="history-next">
            {onward}
          </Link>
        ) : (
          <span className={buttonStyles("ghost", "cursor-default opacity-50")} aria-disabled="true">
            {onward}
          </span>
        )}
      </div>
    </nav>
  );
}

/** Every request that touched one object, and how it changed: "what did it look like before, and who changed it". */
export function HistoryView({ history: h, options }: { history: HistoryData; options: Options }) {
  const k = h.key;
  const title = `${singularKind(k.resource)} ${k.namespace ? `${k.namespace}/${k.name}` : k.name}`;
  const terms = [formatTerm("resource", k.resource), ...(k.group ? [formatTerm("group", k.group)] : []), ...(k.namespace ? [formatTerm("ns", k.namespace)] : []), formatTerm("name", k.name)];
  const dashboard = requestsHref({ cluster: k.cluster === null ? undefined : [k.cluster], q: terms.join(" ") });
  return (
    <div className="mx-auto flex max-w-[1200px] flex-col gap-3">
      <PageHeader
        title={<span data-testid="history-title" className="font-mono">History of {title}</span>}
        meta={
          <span>
            {k.group ? `${k.group}/` : ""}
            {k.resource}
            {k.cluster !== null ? ` · cluster ${k.cluster}` : " · all clusters"} · {requestCount(h)} request{h.total === 1 && !h.totalAtLeast ? "" : "s"} ·{" "}
            {formatNumber(h.versions)} logged version{h.versions === 1 ? "" : "s"}
            {h.truncated ? " on this page" : ""}
          </span>
        }
        aside={
          <>
            <div className="flex overflow-hidden rounded border border-zinc-300 dark:border-zinc-700" role="group" aria-label="Order">
              <Toggle href={selfHref(h, { ...options, order: "desc", cursor: undefined })} active={options.order === "desc"}>Newest first</Toggle>
              <Toggle href={selfHref(h, { ...options, order: "asc", cursor: undefined })} active={options.order === "asc"}>Oldest first</Toggle>
            </div>
            <div className="flex overflow-hidden rounded border border-zinc-300 dark:border-zinc-700" role="group" aria-label="Diff fields">
              <Toggle href={selfHref(h, { ...options, fields: "changed" })} active={options.fields === "changed"}>Hide bookkeeping</Toggle>
              <Toggle href={selfHref(h, { ...options, fields: "all" })} active={options.fields === "all"}>All fields</Toggle>
            </div>
            <Link href={dashboard} prefetch={false} className={buttonStyles("secondary")}>
              On the dashboard
            </Link>
          </>
        }
      />
      {h.total === 0 ? (
        <Card>
          <EmptyState title="No request touched this object" data-testid="history-empty">
            Nothing in the store matches this group, resource, namespace and name{k.cluster !== null ? " in this cluster" : ""}.
          </EmptyState>
        </Card>
      ) : (
        <>
          {h.versions === 0 ? (
            <p className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
              No request {h.truncated ? "on this page " : ""}logged a body of this object (audit level Metadata), so there is no diff: the list shows who touched it and when.
            </p>
          ) : null}
          <ol className="flex flex-col gap-2">
            {h.entries.map((e) => (
              <HistoryEntry key={e.request.id} entry={e} />
            ))}
          </ol>
          {h.truncated ? <HistoryPages h={h} options={options} /> : null}
        </>
      )}
    </div>
  );
}
