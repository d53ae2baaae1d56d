import { z } from "zod";
import { withQueryErrors } from "@/lib/http/query-error";
import { readParams, throwFirst } from "@/lib/query/params";
import { listRuns } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

const LIMIT = "a whole number from 1 to 500";
const paramsShape = { limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(500, LIMIT).default(50) };

export function GET(request: Request): Response {
  return withQueryErrors(() => {
    const { values, issues } = readParams(paramsShape, new URL(request.url).searchParams);
    throwFirst(issues);
    return Response.json({ items: listRuns(values.limit) });
  });
}
