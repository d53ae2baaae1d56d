import { guard } from "@/lib/auth/guard";
import { jsonError, zodMessage } from "@/lib/http/json";
import { getObjectHistory, historyOptionsSchema, parseObjectKey } from "@/lib/store/history";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/objects?cluster=&group=&resource=&ns=&name=[&order=asc|desc][&fields=all] — every request that
 * touched one object, with the object after each logged version and the change from the previous one.
 */
export const GET = guard("viewer", (request, _context, principal) => {
  const params = new URL(request.url).searchParams;
  const key = parseObjectKey(params);
  if (!key.success) return jsonError(400, `resource and name are required: ${zodMessage(key.error)}`);
  const options = historyOptionsSchema.parse({ order: params.get("order") ?? undefined, fields: params.get("fields") ?? undefined });
  return Response.json(getObjectHistory(key.data, options, principal.scopes));
});
