import { guard } from "@/lib/auth/guard";
import { z } from "zod";
import { withQueryErrors } from "@/lib/http/query-error";
import { QuerySyntaxError } from "@/lib/query/errors";
import { FIELD_ALIASES, FIELD_NAMES, resolveField } from "@/lib/query/fields";
import { filterFromParams } from "@/lib/query/filter";
import { readParams, throwFirst, wholeNumber } from "@/lib/query/params";
import { withScopes } from "@/lib/query/scope";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

const paramsShape = {
  field: z.enum([...FIELD_NAMES, ...Object.keys(FIELD_ALIASES)] as [string, ...string[]], { error: `one of ${FIELD_NAMES.join(", ")}` }),
  // Not trimmed: a prefix may end with a space ("kubectl 1.").
  prefix: z.string().max(200, "longer than 200 characters").default(""),
  limit: wholeNumber(1, 50, 10),
};

/** GET /api/v1/suggest?field=user&prefix=al&<filters> → top values of a field, for the search box. */
export const GET = guard("viewer", (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  return withQueryErrors(async () => {
    const { values, issues } = readParams(paramsShape, params);
    throwFirst(issues);
    const field = resolveField(values.field)!;
    const filter = filterFromParams(params);
    const store = auditStore();
    try {
      return Response.json(await store.suggest(field, values.prefix, withScopes(filter, principal.scopes), values.limit));
    } catch (err) {
      if (!(err instanceof QuerySyntaxError)) throw err;
      // The box sends the query being edited; while it is half-typed, complete against the other filters.
      return Response.json(await store.suggest(field, values.prefix, withScopes({ ...filter, q: undefined }, principal.scopes), values.limit));
    }
  });
});
