import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { normalizeUserAgent } from "@/lib/audit/user-agent";
import { formatDuration } from "@/lib/format/duration";
import { formatNumber } from "@/lib/format/number";
import { formatTime } from "@/lib/format/time";
import type { Session, Touched } from "@/lib/store/types";
import { sessionHref } from "./session-href";

export type SessionData = Session;

function List({ label, items }: { label: string; items: Touched[] }) {
  if (items.length === 0) return null;
  return (
    <div className="flex min-w-0 flex-wrap items-baseline gap-x-1.5 gap-y-0.5">
      <span className="text-[11px] text-zinc-500 dark:text-zinc-400">{label}</span>
      {items.map((t) => (
        <span key={t.value} className="font-mono text-[11px] break-all text-zinc-800 dark:text-zinc-200">
          {t.value}
          <span className="text-zinc-400"> ×{formatNumber(t.count)}</span>
        </span>
      ))}
    </div>
  );
}

/**
 * Sessions: requests grouped by source IP and user agent, split by gaps of 30 minutes or more. Each row
 * opens the dashboard filtered to exactly that session.
 */
export function SessionsList({ sessions, truncated, cluster }: { sessions: SessionData[]; truncated: boolean; cluster: string[] | undefined }) {
  if (sessions.length === 0) {
    return <EmptyState title="No sessions in this range" className="py-8" />;
  }
  return (
    <div>
      <ol data-testid="sessions" className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
        {sessions.map((s) => {
          const ua = normalizeUserAgent(s.userAgent);
          return (
            <li key={`${s.start}-${s.sourceIP}-${s.userAgent}`} data-testid="session" className="grid gap-x-4 gap-y-1 px-3 py-2 text-xs md:grid-cols-[15rem_minmax(0,1fr)]">
              <div className="flex flex-col gap-0.5">
                <Link href={sessionHref(s, cluster, ua)} prefetch={false} className="tabular font-mono text-sky-700 hover:underline dark:text-sky-400">
                  {formatTime(s.start, "s")}
                </Link>
                <span className="tabular font-mono text-zinc-500 dark:text-zinc-400">
                  → {formatTime(s.end, "s").slice(s.start.slice(0, 10) === s.end.slice(0, 10) ? 11 : 0)} · {formatDuration(s.durationMs)}
                </span>
                <span>
                  <Badge tone="blue">
                    <span data-testid="session-count">{formatNumber(s.count)}</span> request{s.count === 1 ? "" : "s"}
                  </Badge>
                </span>
              </div>
              <div className="flex min-w-0 flex-col gap-1">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-0.5">
                  <span className="font-mono">{s.sourceIP ?? "no source IP"}</span>
                  <span className="min-w-0 truncate font-mono text-zinc-600 dark:text-zinc-400" title={s.userAgent ?? undefined}>
                    {ua ?? "no user agent"}
                  </span>
                </div>
                <List label="verbs" items={s.verbs} />
                <List label="resources" items={s.resources} />
                <List label="namespaces" items={s.namespaces} />
                <List label="names" items={s.names} />
              </div>
            </li>
          );
        })}
      </ol>
      {truncated ? <p className="border-t border-zinc-100 px-3 py-1.5 text-xs text-zinc-500 dark:border-zinc-800/70">Older sessions left out; narrow the time range to see them.</p> : null}
    </div>
  );
}
