import { guard } from "@/lib/auth/guard";
import { jsonError } from "@/lib/http/json";
import { getObjectHistory, readObjectParams } from "@/lib/store/sqlite/history";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/objects?cluster=&group=&resource=&ns=&name=[&order=asc|desc][&fields=all] — every request that
 * touched one object, with the object after each logged version and the change from the previous one.
 */
export const GET = guard("viewer", (request, _context, principal) => {
  const { key, options, issues } = readObjectParams(new URL(request.url).searchParams);
  const first = issues[0];
  if (first) return jsonError(400, first.message, { parameter: first.parameter });
  if (!key) return jsonError(400, "resource and name are required", { parameter: "resource" });
  return Response.json(getObjectHistory(key, options, principal.scopes));
});
