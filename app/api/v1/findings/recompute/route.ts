import { z } from "zod";
import { recordActivity } from "@/lib/auth/activity";
import { guard, requestPeer } from "@/lib/auth/guard";
import { recomputeOnce, RecomputeRunningError } from "@/lib/findings/recompute-once";
import { loadRuleSet } from "@/lib/findings/rule-set";
import { jsonError } from "@/lib/http/json";
import { readJsonBody } from "@/lib/http/json-body";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * Admin only. Recomputes the findings of every stored request with the rules loaded now (after rule files
 * or AUDITLENS_RULES_DISABLE changed); answers with how many requests were read and hits found, and
 * `current: false` when requests evaluated with other rules were stored meanwhile; or 409 while a
 * recompute is already running.
 */
export const POST = guard("admin", async (request, _context, principal) => {
  const body = await readJsonBody(request, z.object({}).strict(), { maxBytes: 1024, empty: {} });
  if (!body.ok) return body.response;
  const ruleSet = loadRuleSet();
  let result: { requests: number; hits: number; current: boolean };
  try {
    result = await recomputeOnce(() => auditStore().maintenance.recomputeFindings(ruleSet));
  } catch (e) {
    if (e instanceof RecomputeRunningError) return jsonError(409, e.message);
    throw e;
  }
  await recordActivity({ actor: principal.name, action: "findings-recomputed", detail: { ...result, rules: ruleSet.rules.length }, address: requestPeer(request) });
  return Response.json({ ...result, rules: ruleSet.rules.length, fingerprint: ruleSet.fingerprint });
});
