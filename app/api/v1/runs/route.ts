import { guard } from "@/lib/auth/guard";
import { withQueryErrors } from "@/lib/http/query-error";
import { readParams, throwFirst, wholeNumber } from "@/lib/query/params";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

const paramsShape = { limit: wholeNumber(1, 500, 50) };

export const GET = guard("viewer", (request, _context, principal) =>
  withQueryErrors(async () => {
    const { values, issues } = readParams(paramsShape, new URL(request.url).searchParams);
    throwFirst(issues);
    return Response.json({ items: await auditStore().runs(values.limit, principal.scopes) });
  }),
);
