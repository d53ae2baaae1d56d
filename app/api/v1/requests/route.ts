import { guard } from "@/lib/auth/guard";
import { withQueryErrors } from "@/lib/http/query-error";
import { parseViewState } from "@/lib/query/view-state";
import { listRequests } from "@/lib/store/sqlite/queries";

export const dynamic = "force-dynamic";

export const GET = guard("viewer", (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  return withQueryErrors(() => {
    const { filter, page, view } = parseViewState(params);
    return Response.json(listRequests(filter, principal.scopes, page, view.sort));
  });
});
