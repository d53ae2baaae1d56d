import { guard } from "@/lib/auth/guard";
import { z } from "zod";
import { jsonError } from "@/lib/http/json";
import { QuerySyntaxError } from "@/lib/query/errors";
import { FIELD_ALIASES, FIELD_NAMES, resolveField } from "@/lib/query/fields";
import { parseFilter } from "@/lib/query/filter";
import { suggest } from "@/lib/store/suggest";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({
  field: z.enum([...FIELD_NAMES, ...Object.keys(FIELD_ALIASES)] as [string, ...string[]]),
  prefix: z.string().max(200).default(""),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

/** GET /api/v1/suggest?field=user&prefix=al&<filters> → top values of a field, for the search box. */
export const GET = guard("viewer", (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  const parsed = paramsSchema.safeParse({
    field: params.get("field") ?? undefined,
    prefix: params.get("prefix") ?? undefined,
    limit: params.get("limit") ?? undefined,
  });
  if (!parsed.success) return jsonError(400, `field must be one of ${FIELD_NAMES.join(", ")}`);
  const field = resolveField(parsed.data.field)!;
  const filter = parseFilter(params);
  try {
    return Response.json(suggest(field, parsed.data.prefix, filter, principal.scopes, parsed.data.limit));
  } catch (err) {
    if (!(err instanceof QuerySyntaxError)) throw err;
    // The box sends the query being edited; while it is half-typed, complete against the other filters.
    return Response.json(suggest(field, parsed.data.prefix, { ...filter, q: undefined }, principal.scopes, parsed.data.limit));
  }
});
