import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { dashboardHref, type DashboardState } from "./dashboard-href";

/**
 * One click hides control-plane chatter (NOISE in lib/query/parse-filter.ts). A link,
 * not state: the toggle is `noise=hide` in the URL, so a shared view hides the same things.
 */
export function NoiseToggle({ state }: { state: DashboardState }) {
  const on = state.filter.noise === "hide";
  return (
    <Link
      href={dashboardHref(state, { filter: { noise: on ? undefined : "hide" } })}
      role="switch"
      aria-checked={on}
      data-testid="noise-toggle"
      title="Hides get/list/watch made as system:* identities; never writes, denials, exec/attach/port-forward, Secrets or requests made as a person"
      className="inline-flex h-7 items-center gap-2 rounded px-1.5 text-xs font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      <span
        aria-hidden="true"
        className={cn(
          "relative inline-block h-4 w-7 rounded-full transition-colors",
          on ? "bg-sky-600 dark:bg-sky-500" : "bg-zinc-300 dark:bg-zinc-700",
        )}
      >
        <span className={cn("absolute top-0.5 size-3 rounded-full bg-white shadow-sm transition-all", on ? "left-3.5" : "left-0.5")} />
      </span>
      Hide system noise
    </Link>
  );
}
