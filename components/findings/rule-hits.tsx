import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { keyLabel, type HitRequest, type RuleHitsPage } from "@/lib/findings/view-detail";
import { formatCount } from "@/lib/format/number";
import { formatTimeRange } from "@/lib/format/time";
import { HitsTable } from "./hits-table";

/**
 * A rule's hits on this page: a plain list for a single-request rule; for a burst or a sequence, its
 * episodes (the hits of one key with no gap longer than the window), each in time order.
 */
export function RuleHits({ page, requests, pageHrefs }: { page: RuleHitsPage; requests: ReadonlyMap<number, HitRequest>; pageHrefs: { first: string | null; next: string | null } }) {
  const paging =
    pageHrefs.first || pageHrefs.next ? (
      <nav aria-label="Pages of hits" className="flex items-center gap-3 px-3 py-2 text-xs">
        {pageHrefs.first ? (
          <Link href={pageHrefs.first} className="text-sky-700 hover:underline dark:text-sky-400">
            ← First page
          </Link>
        ) : null}
        {pageHrefs.next ? (
          <Link href={pageHrefs.next} className="text-sky-700 hover:underline dark:text-sky-400" data-testid="hits-next">
            Later hits →
          </Link>
        ) : null}
      </nav>
    ) : null;
  if (page.withheld) {
    return (
      <Card>
        <EmptyState title="Hits not shown within your scopes" data-testid="hits-withheld">
          This rule correlates several requests, some of which may lie outside the namespaces you may see, so its hits are shown to
          unscoped users only.
        </EmptyState>
      </Card>
    );
  }
  if (page.total === 0) {
    return (
      <Card>
        <EmptyState title="No hits in this view" data-testid="no-hits">
          This rule found nothing among the requests the filter and time range select. Widen the time range, or clear the filter.
        </EmptyState>
      </Card>
    );
  }
  const byId = new Map(page.hits.map((h) => [h.requestId, h]));
  return (
    <Card className="min-w-0 overflow-x-auto">
      <CardHeader title={`Hits, oldest first (${formatCount(page.total, "request")})`} />
      {page.episodes ? (
        <div className="flex flex-col" data-testid="episodes">
          {page.episodes.map((e, i) => (
            <section key={i} data-testid="episode" className="border-b border-zinc-200 last:border-0 dark:border-zinc-800">
              <h3 className="flex flex-wrap items-baseline gap-x-3 bg-zinc-50 px-3 py-1.5 text-xs dark:bg-zinc-950">
                <span className="font-semibold text-zinc-800 dark:text-zinc-200">Episode {i + 1}</span>
                <span className="font-mono text-zinc-600 dark:text-zinc-400">{keyLabel(page.rule.by, e.key) ?? "any key"}</span>
                <span className="tabular font-mono text-zinc-500">{formatTimeRange(e.first, e.last)} UTC</span>
                <span className="text-zinc-500">{formatCount(e.requestIds.length, "request")}</span>
              </h3>
              <HitsTable hits={e.requestIds.flatMap((id) => byId.get(id) ?? [])} requests={requests} testId="episode-hits" />
            </section>
          ))}
        </div>
      ) : (
        <HitsTable hits={page.hits} requests={requests} />
      )}
      {paging}
    </Card>
  );
}
