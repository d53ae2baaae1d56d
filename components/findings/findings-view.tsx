import type { DashboardState } from "@/components/dashboard/dashboard-href";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import type { FindingsOverview } from "@/lib/findings/view";
import { formatCount } from "@/lib/format/number";
import { NoFindings, NoRulesEnabled } from "./findings-empty";
import { FindingsFilters } from "./findings-filters";
import { FindingsTable } from "./findings-table";
import { RuleProblems } from "./rule-problems";
import { StaleBanner } from "./stale-banner";
import { UncheckedRules } from "./unchecked-rules";

function filtered(state: DashboardState): boolean {
  return Object.values(state.filter).some((v) => v !== undefined);
}

/** The Findings page: which rules found what among the view's requests, most severe first. */
export function FindingsView({
  state,
  overview,
  newest,
  error,
  canRecompute,
}: {
  state: DashboardState;
  overview: FindingsOverview;
  newest: string | null;
  error: { message: string; position: number } | null;
  canRecompute: boolean;
}) {
  const hits = overview.rules.reduce((n, r) => n + r.count, 0);
  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Findings"
        meta={
          <span data-testid="findings-summary">
            {formatCount(overview.rules.length, "rule")} with hits in this view · {formatCount(hits, "hit")} · {overview.enabledRules} rules on
          </span>
        }
      />
      <FindingsFilters state={state} newest={newest} error={error} />
      {overview.stale ? <StaleBanner computedAt={overview.computedAt} canRecompute={canRecompute} /> : null}
      <RuleProblems problems={overview.problems} />
      {error ? null : overview.enabledRules === 0 && overview.rules.length === 0 ? (
        <NoRulesEnabled />
      ) : overview.rules.length === 0 ? (
        <NoFindings rules={overview.enabledRules} filtered={filtered(state)} clearHref="/findings" />
      ) : (
        <Card className="min-w-0 overflow-x-auto">
          <FindingsTable rows={overview.rules} />
        </Card>
      )}
      <UncheckedRules rules={overview.unchecked} />
    </div>
  );
}
