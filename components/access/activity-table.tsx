import type { ActivityEntry } from "@/lib/auth/activity";
import { PlainTable, plainCell as cell, plainRow } from "@/components/ui/plain-table";
import { formatTime } from "@/lib/format/time";

export function ActivityTable({ items }: { items: ActivityEntry[] }) {
  return (
    <PlainTable columns={["Time (UTC)", "Who", "Action", "Target", "Details", "From"]} testId="activity-table">
      {items.map((a) => (
        <tr key={a.id} className={plainRow}>
          <td className={`${cell} font-mono whitespace-nowrap`}>{formatTime(a.at)}</td>
          <td className={`${cell} font-mono break-all`}>{a.actor ?? "—"}</td>
          <td className={`${cell} whitespace-nowrap ${a.action === "sign-in-failed" ? "text-red-700 dark:text-red-300" : ""}`}>{a.action}</td>
          <td className={`${cell} font-mono break-all`}>{a.target ?? ""}</td>
          <td className={`${cell} font-mono break-all text-zinc-600 dark:text-zinc-400`}>{a.detail === null ? "" : JSON.stringify(a.detail)}</td>
          <td className={`${cell} font-mono`}>{a.address ?? ""}</td>
        </tr>
      ))}
    </PlainTable>
  );
}
