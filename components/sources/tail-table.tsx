import { Badge, type Tone } from "@/components/ui/badge";
import { formatBytes } from "@/lib/format/bytes";
import { formatDuration } from "@/lib/format/duration";
import { formatNumber } from "@/lib/format/number";
import { formatTime } from "@/lib/format/time";
import type { TailStatus } from "@/lib/ingest/tail/status";

type TailRow = TailStatus;

const TONE: Record<TailRow["state"], Tone> = { starting: "neutral", following: "green", waiting: "amber", error: "red" };
const th = "border-b border-zinc-200 bg-zinc-100/95 px-2 py-1.5 text-left text-[10px] font-semibold tracking-wider whitespace-nowrap text-zinc-500 uppercase dark:border-zinc-800 dark:bg-zinc-900/95 dark:text-zinc-400";
const td = "border-b border-zinc-100 px-2 py-1.5 align-top dark:border-zinc-800/70";

function lag(row: TailRow, now: number): string {
  const behind = row.size === null ? 0 : Math.max(0, row.size - row.offset);
  const age = row.lastEventAt ? now - Date.parse(row.lastEventAt) : null;
  const parts = [];
  if (age !== null) parts.push(`${formatDuration(Math.max(0, age))} since last event`);
  if (behind > 0) parts.push(`${formatBytes(behind)} unread`);
  return parts.join(" · ") || "—";
}

export function TailTable({ rows, now }: { rows: TailRow[]; now: number }) {
  return (
    <table className="w-full border-separate border-spacing-0 text-xs" data-testid="tail-table">
      <thead>
        <tr>
          <th className={th}>File</th>
          <th className={th}>Status</th>
          <th className={`${th} text-right`}>Bytes read</th>
          <th className={`${th} text-right`}>Events</th>
          <th className={`${th} text-right`}>Added</th>
          <th className={th}>Last event</th>
          <th className={th}>Lag</th>
          <th className={th}>Last error</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.path} data-testid="tail-row">
            <td className={`${td} font-mono break-all`}>{r.path}</td>
            <td className={td}>
              <Badge tone={TONE[r.state]}>{r.state}</Badge>
            </td>
            <td className={`${td} text-right font-mono tabular-nums`}>{formatBytes(r.bytesRead)}</td>
            <td className={`${td} text-right font-mono tabular-nums`} data-testid="tail-events">
              {formatNumber(r.events)}
            </td>
            <td className={`${td} text-right font-mono tabular-nums`}>{formatNumber(r.added)}</td>
            <td className={`${td} font-mono whitespace-nowrap`}>{r.lastEventAt ? formatTime(r.lastEventAt) : "—"}</td>
            <td className={`${td} whitespace-nowrap text-zinc-600 dark:text-zinc-400`}>{lag(r, now)}</td>
            {r.lastError ? (
              <td className={`${td} max-w-96 break-words text-amber-800 dark:text-amber-400`}>
                {r.lastError}
                {r.lastErrorAt ? <span className="block text-[10px] text-zinc-500">{formatTime(r.lastErrorAt)}</span> : null}
              </td>
            ) : (
              <td className={`${td} text-zinc-400`}>—</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
