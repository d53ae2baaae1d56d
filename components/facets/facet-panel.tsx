"use client";

import { useState } from "react";
import { withTerms, type DashboardState } from "@/components/dashboard/dashboard-href";
import { facetEntryKey } from "@/lib/query/facet-value";
import { filterToSearch } from "@/lib/query/filter";
import { hasTerm } from "@/lib/query/terms";
import type { Dimension, FacetEntry, Stats } from "@/lib/store/types";
import { FacetEntryRow } from "./facet-entry";
import { excludeTerms, includeTerms } from "./facet-terms";

const MORE = 100;

type More = { state: "idle" } | { state: "loading" } | { state: "error"; message: string } | { state: "done"; entries: FacetEntry[] };

/**
 * One breakdown. The page renders the top entries; "show more" fetches the long tail of this one
 * dimension from the stats API with the same filter, so the counts agree with the page's.
 */
export function FacetPanel({
  state,
  dimension,
  title,
  entries,
  total,
  limit,
}: {
  state: DashboardState;
  dimension: Dimension;
  title: string;
  entries: FacetEntry[];
  total: number;
  /** How many entries the page asked for: a full list may have more. */
  limit: number;
}) {
  const [more, setMore] = useState<More>({ state: "idle" });
  const q = state.filter.q ?? "";
  const shown = more.state === "done" ? more.entries : entries;

  async function showMore() {
    setMore({ state: "loading" });
    try {
      const search = filterToSearch(state.filter, { facet: dimension, facetLimit: String(MORE) });
      const res = await fetch(`/api/v1/stats?${search}`);
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const stats = (await res.json()) as Stats;
      setMore({ state: "done", entries: stats.facets[dimension] });
    } catch (e) {
      setMore({ state: "error", message: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <section data-testid={`facet-${dimension}`} aria-label={title} className="flex flex-col gap-1">
      <h3 className="text-[10px] font-semibold tracking-wider text-zinc-500 uppercase dark:text-zinc-400">{title}</h3>
      {shown.length === 0 ? (
        <p className="pl-1.5 text-xs text-zinc-400 dark:text-zinc-500">—</p>
      ) : (
        <ul className="flex flex-col gap-px">
          {shown.map((entry) => {
            const include = includeTerms(dimension, entry.value);
            const active = include.every((t) => hasTerm(q, t));
            return (
              <FacetEntryRow
                key={facetEntryKey(entry)}
                dimension={dimension}
                entry={entry}
                total={total}
                active={active}
                includeHref={withTerms(state, include, active)}
                excludeHref={withTerms(state, excludeTerms(dimension, entry.value))}
              />
            );
          })}
        </ul>
      )}
      {more.state === "done" ? (
        <button type="button" onClick={() => setMore({ state: "idle" })} className="self-start pl-1.5 text-[11px] text-sky-700 hover:underline dark:text-sky-400">
          Show less
        </button>
      ) : entries.length >= limit ? (
        <button
          type="button"
          onClick={showMore}
          disabled={more.state === "loading"}
          data-testid="facet-more"
          className="self-start pl-1.5 text-[11px] text-sky-700 hover:underline disabled:text-zinc-400 dark:text-sky-400"
        >
          {more.state === "loading" ? "Loading…" : "Show more"}
        </button>
      ) : null}
      {more.state === "error" ? (
        <p role="alert" className="pl-1.5 text-[11px] text-red-600 dark:text-red-400">
          Could not load more: {more.message}
        </p>
      ) : null}
    </section>
  );
}
