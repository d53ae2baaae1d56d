import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import type { UncheckedRule } from "@/lib/findings/view";
import { formatNumber } from "@/lib/format/number";
import { SeverityBadge } from "./severity-badge";

/**
 * Rules that read the request body (a privileged pod, a cluster-admin binding…) found nothing here, but some
 * requests they would have checked were logged without their body: no finding does not mean none happened.
 */
export function UncheckedRules({ rules }: { rules: readonly UncheckedRule[] }) {
  if (rules.length === 0) return null;
  return (
    <Card data-testid="unchecked-rules">
      <CardHeader title="Not checked: bodies not logged" />
      <p className="px-3 pt-2 text-xs text-zinc-500 dark:text-zinc-400">
        These rules look inside the request body, which the audit policy logged at level Metadata or None for these requests. Log those
        resources at level Request to have them checked.
      </p>
      <ul className="flex flex-col gap-1 px-3 py-2 text-xs">
        {rules.map((r) => (
          <li key={r.id} className="flex items-center gap-2" data-testid="unchecked-rule">
            <SeverityBadge severity={r.severity} />
            <Link href={r.url} className="text-zinc-800 hover:underline dark:text-zinc-200">
              {r.title}
            </Link>
            <span className="tabular text-zinc-500 dark:text-zinc-400">{formatNumber(r.notChecked)} not checked</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
