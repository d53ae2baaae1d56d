import { Card, CardHeader } from "@/components/ui/card";
import type { UncheckedRule } from "@/lib/findings/view";
import { formatNumber } from "@/lib/format/number";
import { RuleLine } from "./rule-line";

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
          <RuleLine key={r.id} severity={r.severity} title={r.title} href={r.url} testId="unchecked-rule">
            <span className="tabular text-zinc-500 dark:text-zinc-400">{formatNumber(r.notChecked)} not checked</span>
          </RuleLine>
        ))}
      </ul>
    </Card>
  );
}
