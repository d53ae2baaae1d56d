import Link from "next/link";
import { plainCell, plainRow, PlainTable } from "@/components/ui/plain-table";
import type { RuleFindings } from "@/lib/findings/view";
import { formatNumber } from "@/lib/format/number";
import { formatTime } from "@/lib/format/time";
import { AttackLinks } from "./attack-links";
import { HitSparkline } from "./hit-sparkline";
import { SeverityBadge } from "./severity-badge";

const KIND_NOTE = { threshold: "burst", sequence: "sequence" } as const;

/** The rules with hits in the view, most severe first: what to look at, and a way to each one's requests. */
export function FindingsTable({ rows }: { rows: readonly RuleFindings[] }) {
  return (
    <PlainTable columns={["Severity", "Finding", "Requests", "First seen (UTC)", "Last seen (UTC)", "Over time", "ATT&CK", ""]} testId="findings-table">
      {rows.map((r) => (
        <tr key={r.id} className={plainRow} data-testid="finding-row" data-rule={r.id}>
          <td className={plainCell}>
            <SeverityBadge severity={r.severity} />
          </td>
          <td className={`${plainCell} min-w-[16rem]`}>
            <Link href={r.page} className="font-medium text-zinc-900 hover:underline dark:text-zinc-100" data-testid="finding-title">
              {r.title}
            </Link>
            <div className="flex items-center gap-1.5 font-mono text-[11px] text-zinc-500 dark:text-zinc-400">
              {r.id}
              {r.kind === "threshold" || r.kind === "sequence" ? (
                <span className="rounded bg-zinc-100 px-1 font-sans text-[10px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">{KIND_NOTE[r.kind]}</span>
              ) : null}
            </div>
          </td>
          <td className={`${plainCell} tabular text-right whitespace-nowrap`}>
            <span data-testid="finding-count" className="font-medium">
              {formatNumber(r.count)}
            </span>
            {r.notChecked ? (
              <div className="text-[11px] text-zinc-500 dark:text-zinc-400" title="Requests this rule's filter matched whose body was not logged (level Metadata or None)">
                {formatNumber(r.notChecked)} not checked
              </div>
            ) : null}
          </td>
          <td className={`${plainCell} tabular font-mono whitespace-nowrap text-zinc-600 dark:text-zinc-400`}>{formatTime(r.first, "s")}</td>
          <td className={`${plainCell} tabular font-mono whitespace-nowrap text-zinc-600 dark:text-zinc-400`}>{formatTime(r.last, "s")}</td>
          <td className={plainCell}>
            <HitSparkline counts={r.timeline.counts} label={`${r.count} hits over time`} />
          </td>
          <td className={plainCell}>
            <AttackLinks techniques={r.attack} />
          </td>
          <td className={`${plainCell} text-right whitespace-nowrap`}>
            <Link href={r.url} className="text-sky-700 underline-offset-2 hover:underline dark:text-sky-400" data-testid="finding-dashboard-link" title="The dashboard showing exactly these requests">
              Show requests →
            </Link>
          </td>
        </tr>
      ))}
    </PlainTable>
  );
}
