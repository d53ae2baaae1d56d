import type { DashboardState } from "@/components/dashboard/dashboard-href";
import { NoiseToggle } from "@/components/dashboard/noise-toggle";
import { TimeRangePicker } from "@/components/dashboard/time-range";
import { FilterBar } from "@/components/requests/filter-bar";
import { SearchBox } from "@/components/search/search-box";
import { Card } from "@/components/ui/card";

/**
 * The dashboard's search box, time range, noise switch and URL filter chips, linking to the page they are
 * on: a finding counts the requests the same filter shows on the dashboard.
 */
export function FindingsFilters({
  state,
  newest,
  error,
}: {
  state: DashboardState;
  newest: string | null;
  error: { message: string; position: number } | null;
}) {
  return (
    <Card className="flex flex-col gap-2 px-3 py-2.5">
      <SearchBox query={state.filter.q ?? ""} error={error} />
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <TimeRangePicker state={state} newest={newest} resolvedFrom={state.filter.from ?? null} resolvedTo={state.filter.to ?? null} />
        <NoiseToggle state={state} />
      </div>
      <FilterBar state={state} />
    </Card>
  );
}
