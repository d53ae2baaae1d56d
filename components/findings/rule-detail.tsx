import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import type { HitRequest, RuleHitsPage } from "@/lib/findings/view-detail";
import { AttackLinks } from "./attack-links";
import { RuleExplanation } from "./rule-explanation";
import { RuleHits } from "./rule-hits";
import { SeverityBadge } from "./severity-badge";

/** One rule's page: what it looks for and why, then the requests it found in the view. */
export function RuleDetail({
  page,
  requests,
  backHref,
  pageHrefs,
}: {
  page: RuleHitsPage;
  requests: ReadonlyMap<number, HitRequest>;
  backHref: string;
  pageHrefs: { first: string | null; next: string | null };
}) {
  const { rule } = page;
  return (
    <div className="mx-auto flex max-w-[1400px] flex-col gap-3">
      <nav aria-label="Breadcrumb" className="text-xs text-zinc-500 dark:text-zinc-400">
        <Link href={backHref} className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          Findings
        </Link>
        <span className="px-1.5" aria-hidden="true">
          /
        </span>
        <span className="font-mono">{rule.id}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <h1 className="flex items-center gap-2 text-base font-semibold text-zinc-900 dark:text-zinc-50">
            <SeverityBadge severity={rule.severity} />
            <span data-testid="rule-title">{rule.title}</span>
          </h1>
          <div className="flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
            <span className="font-mono">{rule.id}</span>
            {rule.attack.length > 0 ? (
              <span className="flex items-center gap-1">
                ATT&CK <AttackLinks techniques={rule.attack} />
              </span>
            ) : null}
          </div>
        </div>
        <Link href={page.url} className={buttonStyles("primary")} data-testid="open-in-dashboard" title="The dashboard showing exactly these requests: a link to share">
          Open in dashboard
        </Link>
      </div>
      <RuleExplanation rule={rule} />
      <RuleHits page={page} requests={requests} pageHrefs={pageHrefs} />
    </div>
  );
}
