import { guard } from "@/lib/auth/guard";
import { z } from "zod";
import { listRuns } from "@/lib/store/queries";

export const dynamic = "force-dynamic";

const limitSchema = z.coerce.number().int().min(1).max(500).catch(50);

export const GET = guard("viewer", (request, _context, principal) => {
  return Response.json({ items: listRuns(limitSchema.parse(new URL(request.url).searchParams.get("limit") ?? undefined), principal.scopes) });
});
