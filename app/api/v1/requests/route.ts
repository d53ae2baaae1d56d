import { parseFilter, parsePageParams } from "@/lib/query/filter";
import { listRequests } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const params = new URL(request.url).searchParams;
  return Response.json(listRequests(parseFilter(params), parsePageParams(params)));
}
