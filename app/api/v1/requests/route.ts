import { withQueryErrors } from "@/lib/http/query-error";
import { parseFilter, parsePageParams } from "@/lib/query/filter";
import { viewSchema } from "@/lib/query/view";
import { listRequests } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const params = new URL(request.url).searchParams;
  const { sort } = viewSchema.parse(Object.fromEntries(params));
  return withQueryErrors(() => Response.json(listRequests(parseFilter(params), parsePageParams(params), sort)));
}
