import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { STACK_BY, type StackBy } from "@/lib/query/view";
import { dashboardHref, type DashboardState } from "./dashboard-href";

const LABELS: Record<StackBy, string> = { verb: "Verb", code: "Code", user: "Top users" };

/** How the timeline's bars are split: `stack` in the URL, verb (the default) left out. */
export function StackBySelector({ state }: { state: DashboardState }) {
  return (
    <div role="group" aria-label="Stack bars by" className="flex items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
      <span className="mr-1">Stack by</span>
      <div className="flex rounded border border-zinc-300 p-px dark:border-zinc-700">
        {STACK_BY.map((s) => {
          const active = state.view.stack === s;
          return (
            <Link
              key={s}
              href={dashboardHref(state, { view: { stack: s } })}
              aria-current={active ? "true" : undefined}
              data-testid={`stack-${s}`}
              scroll={false}
              className={cn(
                "rounded-sm px-2 py-0.5 font-medium",
                active
                  ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                  : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
              )}
            >
              {LABELS[s]}
            </Link>
          );
        })}
      </div>
    </div>
  );
}
