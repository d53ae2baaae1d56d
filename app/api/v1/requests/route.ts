import { guard } from "@/lib/auth/guard";
import { withQueryErrors } from "@/lib/http/query-error";
import { parseFilter, parsePageParams } from "@/lib/query/filter";
import { viewSchema } from "@/lib/query/view";
import { listRequests } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

export const GET = guard("viewer", (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  const { sort } = viewSchema.parse(Object.fromEntries(params));
  return withQueryErrors(() => Response.json(listRequests(parseFilter(params), principal.scopes, parsePageParams(params), sort)));
});
