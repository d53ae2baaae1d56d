import { guard } from "@/lib/auth/guard";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { findingsOverview } from "@/lib/findings/view";
import { withQueryErrors } from "@/lib/http/query-error";
import { filterFromParams } from "@/lib/query/filter";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/findings?<filter> → the rules with hits among the filter's requests, most severe first, each
 * with its dashboard link; whether the stored findings predate the current rules; the rule files' problems.
 */
export const GET = guard("viewer", (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  return withQueryErrors(async () => {
    const filter = filterFromParams(params);
    const ruleSet = loadRuleSet();
    const view = await findingsOverview(auditStore(), ruleSet, filter, principal.scopes);
    return Response.json({
      rules: view.rules.map((r) => ({
        id: r.id,
        title: r.title,
        severity: r.severity,
        count: r.count,
        first: r.first,
        last: r.last,
        url: r.url,
        attack: r.attack,
        ...(r.notChecked === null ? {} : { notChecked: r.notChecked }),
      })),
      unchecked: view.unchecked.map(({ id, title, severity, notChecked }) => ({ id, title, severity, notChecked })),
      stale: view.stale,
      computedAt: view.computedAt,
      problems: view.problems,
    });
  });
});
