import { guard } from "@/lib/auth/guard";
import { z } from "zod";
import { withQueryErrors } from "@/lib/http/query-error";
import { parseFilter } from "@/lib/query/filter";
import { DIMENSIONS } from "@/lib/query/types";
import { viewSchema } from "@/lib/query/view";
import { getStats } from "@/lib/store/queries";
import { DEFAULT_FACET_LIMIT, MAX_FACET_LIMIT } from "@/lib/store/stats";

export const dynamic = "force-dynamic";

const optionsSchema = z.object({
  facetLimit: z.coerce.number().int().min(1).max(MAX_FACET_LIMIT).catch(DEFAULT_FACET_LIMIT),
  /** `facet=user` asks for that one breakdown only (no total or timeline): "show more" of one panel. */
  facet: z.enum(DIMENSIONS).optional().catch(undefined),
});

/** GET /api/v1/stats?<filter>&stack=&facetLimit=&facet= → total, timeline and breakdowns, same parameters as the page. */
export const GET = guard("viewer", (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  const filter = parseFilter(params);
  const view = viewSchema.parse(Object.fromEntries(params));
  const opts = optionsSchema.parse(Object.fromEntries(params));
  return withQueryErrors(() =>
    Response.json(
      getStats(filter, principal.scopes, view, {
        facetLimit: opts.facetLimit,
        ...(opts.facet ? { dimensions: [opts.facet], timeline: false } : {}),
      }),
    ),
  );
});
