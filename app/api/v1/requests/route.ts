import { withQueryErrors } from "@/lib/http/query-error";
import { parseViewState } from "@/lib/query/view-state";
import { listRequests } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const params = new URL(request.url).searchParams;
  return withQueryErrors(() => {
    const { filter, page, view } = parseViewState(params);
    return Response.json(listRequests(filter, page, view.sort));
  });
}
