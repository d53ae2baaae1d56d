import Link from "next/link";
import { dashboardHref, type DashboardState } from "@/components/dashboard/dashboard-href";
import type { Filter } from "@/lib/query/filter";

/** URL keys from before the query language. Scripts and old links still use them, so they keep working. */
const KEYS = ["cluster", "user", "verb", "resource", "namespace", "code"] as const satisfies readonly (keyof Filter)[];
type Key = (typeof KEYS)[number];

function without(filter: Filter, key: Key, value: string): Partial<Filter> {
  const rest = (filter[key] as (string | number)[] | undefined)?.filter((v) => String(v) !== value);
  return { [key]: rest && rest.length > 0 ? rest : undefined };
}

/**
 * `user=alice&verb=delete` in the URL, shown as chips that say what they filter and remove one value each.
 * The search box is where filters are written now; these only show what a link brought along.
 */
export function FilterBar({ state }: { state: DashboardState }) {
  const chips = KEYS.flatMap((key) => ((state.filter[key] as (string | number)[] | undefined) ?? []).map((v) => ({ key, value: String(v) })));
  if (chips.length === 0) return null;
  const cleared = Object.fromEntries(KEYS.map((k) => [k, undefined])) as Partial<Filter>;
  return (
    <div data-testid="filter-chips" className="flex flex-wrap items-center gap-1.5 text-xs" aria-label="URL filters">
      {chips.map(({ key, value }) => (
        <Link
          key={`${key}=${value}`}
          href={dashboardHref(state, { filter: without(state.filter, key, value) })}
          data-testid="filter-chip"
          title={`Remove the filter ${key} = ${value}`}
          className="inline-flex max-w-[24rem] items-center gap-1 rounded-full border border-zinc-300 bg-white py-0.5 pr-1.5 pl-2 hover:border-red-300 hover:bg-red-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:border-red-500/40 dark:hover:bg-red-500/10"
        >
          <span className="text-zinc-500 dark:text-zinc-400">{key} =</span>
          <span className="truncate font-mono text-zinc-900 dark:text-zinc-100">{value}</span>
          <span aria-hidden="true" className="text-zinc-400">
            ×
          </span>
        </Link>
      ))}
      {chips.length > 1 ? (
        <Link href={dashboardHref(state, { filter: cleared })} className="text-zinc-500 underline-offset-2 hover:underline dark:text-zinc-400">
          Clear these
        </Link>
      ) : null}
    </div>
  );
}
