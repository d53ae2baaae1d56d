import { z } from "zod";
import { recordActivity } from "@/lib/auth/activity";
import { guard, requestPeer } from "@/lib/auth/guard";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { readJsonBody } from "@/lib/http/json-body";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * Admin only. Recomputes the findings of every stored request with the rules loaded now (after rule files
 * or AUDITLENS_RULES_DISABLE changed); answers with how many requests were read and hits found.
 */
export const POST = guard("admin", async (request, _context, principal) => {
  const body = await readJsonBody(request, z.object({}).strict(), { maxBytes: 1024, empty: {} });
  if (!body.ok) return body.response;
  const ruleSet = loadRuleSet();
  const result = await auditStore().maintenance.recomputeFindings(ruleSet);
  await recordActivity({ actor: principal.name, action: "findings-recomputed", detail: { ...result, rules: ruleSet.rules.length }, address: requestPeer(request) });
  return Response.json({ ...result, rules: ruleSet.rules.length, fingerprint: ruleSet.fingerprint });
});
