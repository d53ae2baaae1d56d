import type { DashboardState } from "@/components/dashboard/dashboard-href";
import { DIMENSIONS, type Dimension, type Stats } from "@/lib/store/types";
import { FacetPanel } from "./facet-panel";

const TITLES: Record<Dimension, string> = {
  user: "Users",
  actor: "Actors (effective user)",
  group: "User groups",
  verb: "Verbs",
  resource: "Resources",
  namespace: "Namespaces",
  code: "Response codes",
  userAgent: "User agents",
  sourceIP: "Source IPs",
  decision: "Authorization",
};

/** Every breakdown, counted over the requests the current filter matches. */
export function FacetsSidebar({ state, stats, limit }: { state: DashboardState; stats: Stats; limit: number }) {
  return (
    <div data-testid="breakdowns" className="flex flex-col gap-4">
      {DIMENSIONS.map((d) => (
        <FacetPanel key={d} state={state} dimension={d} title={TITLES[d]} entries={stats.facets[d]} total={stats.total} limit={limit} />
      ))}
    </div>
  );
}
