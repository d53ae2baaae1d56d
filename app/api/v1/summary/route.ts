import { guard } from "@/lib/auth/guard";
import { getSummary } from "@/lib/store/sqlite/queries";

export const dynamic = "force-dynamic";

export const GET = guard("viewer", (_request, _context, principal) => {
  return Response.json(getSummary(principal.scopes));
});
