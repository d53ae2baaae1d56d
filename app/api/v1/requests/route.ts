import { guard } from "@/lib/auth/guard";
import { withQueryErrors } from "@/lib/http/query-error";
import { parseViewState } from "@/lib/query/view-state";
import { withScopes } from "@/lib/query/scope";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

export const GET = guard("viewer", (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  return withQueryErrors(async () => {
    const { filter, page, view } = parseViewState(params);
    return Response.json(await auditStore().requests.page(withScopes(filter, principal.scopes), page, view.sort));
  });
});
