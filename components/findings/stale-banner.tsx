import { formatTime } from "@/lib/format/time";
import { RecomputeButton } from "./recompute-button";

/**
 * The stored findings were computed with other rules than those loaded now (a rule file, a setting or
 * AUDITLENS_RULES_DISABLE changed): new requests use the new rules, older ones keep their old hits until
 * an admin recomputes.
 */
export function StaleBanner({ computedAt, canRecompute }: { computedAt: string | null; canRecompute: boolean }) {
  return (
    <div
      role="status"
      data-testid="findings-stale"
      className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
    >
      <p>
        The rules changed since these findings were computed{computedAt ? ` (${formatTime(computedAt, "s")} UTC)` : ""}: requests stored since
        then use the new rules, older ones still show what the old rules found.
        {canRecompute ? "" : " An admin can recompute them."}
      </p>
      {canRecompute ? <RecomputeButton /> : null}
    </div>
  );
}
