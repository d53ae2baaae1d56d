import Link from "next/link";
import type { ReactNode } from "react";
import { ActorLink } from "@/components/actors/actor-link";
import { BoundedJsonTree } from "@/components/json/bounded-json-tree";
import { requestHref } from "@/components/requests/hrefs";
import { Badge } from "@/components/ui/badge";
import { CodeBadge } from "@/components/ui/code-badge";
import { describeParts } from "@/lib/audit/describe";
import { formatTime } from "@/lib/format/time";
import type { HistoryEntry } from "@/lib/store/types";
import { ObjectDiff } from "./object-diff";

/** What the history page shows for one request (plain data from the store's object history). */
export type EntryData = HistoryEntry;

function Fold({ title, children, open = false, testId }: { title: string; children: ReactNode; open?: boolean; testId?: string }) {
  return (
    <details open={open} data-testid={testId} className="group border-t border-zinc-100 dark:border-zinc-800/70">
      <summary className="cursor-pointer px-3 py-1 text-[11px] font-medium text-zinc-500 select-none hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
        {title}
      </summary>
      <div className="max-h-[32rem] overflow-auto px-3 pb-2">{children}</div>
    </details>
  );
}

/** One request on the object: who did what when, and how the object changed. */
export function HistoryEntry({ entry }: { entry: EntryData }) {
  const r = entry.request;
  const { action } = describeParts(r);
  const write = !["get", "list", "watch"].includes(r.verb);
  // A new uid means the object was deleted and created again under the same name.
  const recreated = entry.changes?.some((c) => c.path[0] === "metadata" && c.path[1] === "uid" && c.path.length === 2) ?? false;
  // What the user changed first, metadata bookkeeping after it.
  // A read that found the object as it was adds nothing; a read that found it changed reveals an unlogged write.
  const quietRead = !write && entry.changes !== null && entry.changes.length === 0;
  const changes = entry.changes === null || quietRead ? null : [...entry.changes.filter((c) => c.path[0] !== "metadata"), ...entry.changes.filter((c) => c.path[0] === "metadata")];
  return (
    <li data-testid="history-entry" data-verb={r.verb} className="rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-xs">
        <Link href={requestHref(r.id)} prefetch={false} className="tabular font-mono text-zinc-500 hover:text-sky-700 hover:underline dark:text-zinc-400 dark:hover:text-sky-400">
          {formatTime(r.time)}
        </Link>
        <span className="min-w-0 flex-1 break-words">
          {r.user ? <ActorLink user={r.user} cluster={r.cluster} /> : <span className="text-zinc-500">an unknown user</span>}
          {r.impersonatedUser ? <span className="text-zinc-500"> as {r.impersonatedUser}</span> : null}{" "}
          <span className={write ? "font-medium" : "text-zinc-600 dark:text-zinc-400"}>{action}</span>
        </span>
        {recreated ? <Badge tone="violet" title="metadata.uid changed">re-created</Badge> : null}
        {changes !== null ? <Badge tone="amber">{changes.length} change{changes.length === 1 ? "" : "s"}</Badge> : null}
        {entry.object && entry.changes === null ? <Badge tone="blue">first logged version</Badge> : null}
        {entry.lastKnown ? <Badge tone="red">deleted</Badge> : null}
        <CodeBadge code={r.code} />
      </div>
      {changes !== null ? (
        <div className="border-t border-zinc-100 dark:border-zinc-800/70">
          <ObjectDiff changes={changes} />
        </div>
      ) : null}
      {entry.patch !== undefined ? (
        <Fold title="Patch sent" testId="history-patch">
          <BoundedJsonTree value={entry.patch} defaultDepth={Infinity} label={`patch of request ${r.id}`} />
        </Fold>
      ) : null}
      {entry.lastKnown ? (
        <Fold title="What was deleted (last logged version)" testId="history-last-known" open>
          <BoundedJsonTree value={entry.lastKnown} defaultDepth={2} label={`object before request ${r.id}`} />
        </Fold>
      ) : null}
      {entry.object ? (
        <Fold title={r.verb === "get" ? "Object as read" : "Object after this request"} testId="history-object">
          <BoundedJsonTree value={entry.object} defaultDepth={2} label={`object after request ${r.id}`} />
        </Fold>
      ) : null}
    </li>
  );
}
