import { withQueryErrors } from "@/lib/http/query-error";
import { readParams, throwFirst, wholeNumber } from "@/lib/query/params";
import { listRuns } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

const paramsShape = { limit: wholeNumber(1, 500, 50) };

export function GET(request: Request): Response {
  return withQueryErrors(() => {
    const { values, issues } = readParams(paramsShape, new URL(request.url).searchParams);
    throwFirst(issues);
    return Response.json({ items: listRuns(values.limit) });
  });
}
