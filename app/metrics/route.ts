import { guard } from "@/lib/auth/guard";
import { jsonError } from "@/lib/http/json";
import { timed } from "@/lib/metrics/http";
import { metricsExposition } from "@/lib/metrics/scrape";
import { opsConfig } from "@/lib/ops/config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function exposition(): Promise<Response> {
  const { text, contentType } = await metricsExposition();
  return new Response(text, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}

/**
 * The viewer role, unscoped: the figures are whole-cluster counts (as on the Sources page) and no audit
 * content, so Prometheus needs no more than a read-only token, never an admin's.
 */
const signedIn = guard("viewer", (_request, _context, principal) =>
  principal.scopes ? jsonError(403, "metrics count every namespace's events: shown to unscoped users only") : exposition(),
);
const open = timed(exposition);

/** Prometheus text format; without sign-in only with AUDITLENS_METRICS_PUBLIC=1. */
export function GET(request: Request, context: unknown): Promise<Response> {
  return opsConfig().metricsPublic ? open(request) : signedIn(request, context);
}
