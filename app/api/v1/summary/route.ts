import { guard } from "@/lib/auth/guard";
import { auditStore } from "@/lib/store";

export const dynamic = "force-dynamic";

export const GET = guard("viewer", async (_request, _context, principal) => {
  return Response.json(await auditStore().summary(principal.scopes));
});
