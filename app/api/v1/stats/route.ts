import { guard } from "@/lib/auth/guard";
import { z } from "zod";
import { withQueryErrors } from "@/lib/http/query-error";
import { filterFromParams } from "@/lib/query/filter";
import { readParams, throwFirst, wholeNumber } from "@/lib/query/params";
import { DIMENSIONS } from "@/lib/store/types";
import { parseView } from "@/lib/query/view";
import { withScopes } from "@/lib/query/scope";
import { auditStore, DEFAULT_FACET_LIMIT, MAX_FACET_LIMIT } from "@/lib/store";

export const dynamic = "force-dynamic";

const optionsShape = {
  facetLimit: wholeNumber(1, MAX_FACET_LIMIT, DEFAULT_FACET_LIMIT),
  /** `facet=user` asks for that one breakdown only (no total or timeline): "show more" of one panel. */
  facet: z.enum(DIMENSIONS, { error: `one of ${DIMENSIONS.join(", ")}` }).optional(),
};

/** GET /api/v1/stats?<filter>&stack=&facetLimit=&facet= → total, timeline and breakdowns, same parameters as the page. */
export const GET = guard("viewer", (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  return withQueryErrors(async () => {
    const filter = filterFromParams(params);
    const view = parseView(params);
    const { values: opts, issues } = readParams(optionsShape, params);
    throwFirst(issues);
    return Response.json(
      await auditStore().stats(withScopes(filter, principal.scopes), view, {
        facetLimit: opts.facetLimit,
        ...(opts.facet ? { dimensions: [opts.facet], timeline: false } : {}),
      }),
    );
  });
});
