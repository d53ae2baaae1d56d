import { guard } from "@/lib/auth/guard";
import { jsonError } from "@/lib/http/json";
import { auditStore, readObjectParams } from "@/lib/store";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/objects?cluster=&group=&resource=&ns=&name=[&order=asc|desc][&fields=all] — every request that
 * touched one object, with the object after each logged version and the change from the previous one.
 */
export const GET = guard("viewer", async (request, _context, principal) => {
  const { key, options, issues } = readObjectParams(new URL(request.url).searchParams);
  const first = issues[0];
  if (first) return jsonError(400, first.message, { parameter: first.parameter });
  if (!key) return jsonError(400, "resource and name are required", { parameter: "resource" });
  return Response.json(await auditStore().history(key, options, principal.scopes));
});
