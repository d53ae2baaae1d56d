import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

const code = "font-mono text-zinc-700 dark:text-zinc-300";

/** No rule is on: say how rules are turned on and off, since nothing can be found until one is. */
export function NoRulesEnabled() {
  return (
    <Card data-testid="findings-empty">
      <EmptyState title="No detection rules are on">
        Auditlens ships built-in rules (exec into pods, Secrets read by people, bindings to cluster-admin, bursts of denials…). They are all
        turned off here: check <span className={code}>AUDITLENS_RULES_DISABLE</span>, and the rule problems above. Your own rules go in the
        folder named by <span className={code}>AUDITLENS_RULES_DIR</span>, one YAML file each.
      </EmptyState>
    </Card>
  );
}

/** Rules ran, nothing in this view matched them: say what was checked and where else to look. */
export function NoFindings({ rules, filtered, clearHref }: { rules: number; filtered: boolean; clearHref: string }) {
  return (
    <Card data-testid="findings-empty">
      <EmptyState
        title={filtered ? "No findings in this view" : "No findings"}
        action={
          filtered ? (
            <Link href={clearHref} className="text-xs font-medium text-sky-700 underline underline-offset-2 dark:text-sky-400">
              Look at all data
            </Link>
          ) : null
        }
      >
        {rules} detection {rules === 1 ? "rule checks" : "rules check"} every request as it is stored.{" "}
        {filtered
          ? "None of them found anything among the requests this filter and time range select."
          : "None of them has found anything in the stored requests."}{" "}
        A finding is a place to start looking, not a verdict: no finding does not mean nothing happened.
      </EmptyState>
    </Card>
  );
}
