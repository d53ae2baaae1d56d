import { z } from "zod";
import { guard } from "@/lib/auth/guard";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { ruleHitsPage } from "@/lib/findings/view-detail";
import { jsonError } from "@/lib/http/json";
import { withQueryErrors } from "@/lib/http/query-error";
import { filterFromParams } from "@/lib/query/filter";
import { readParams, throwFirst, wholeNumber } from "@/lib/query/params";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ ruleId: string }> };

const pageShape = {
  limit: wholeNumber(1, 1000, 100),
  cursor: z.string().max(200, "not a cursor this server handed out").optional(),
};

/** GET /api/v1/findings/{ruleId}?<filter>&limit=&cursor= → the rule, and a page of its hits (oldest first) with their request ids. */
export const GET = guard<Params>("viewer", async (request, { params }, principal) => {
  const ruleId = (await params).ruleId;
  const search = new URL(request.url).searchParams;
  return withQueryErrors(async () => {
    const filter = filterFromParams(search);
    const { values: page, issues } = readParams(pageShape, search);
    throwFirst(issues);
    const result = await ruleHitsPage(auditStore(), loadRuleSet(), ruleId, filter, principal.scopes, page);
    return result ? Response.json(result) : jsonError(404, `no rule with the id "${ruleId}", and no stored findings of one`);
  });
});
