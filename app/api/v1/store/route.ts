import { guard } from "@/lib/auth/guard";
import { jsonError } from "@/lib/http/json";
import { storeStatus } from "@/lib/retention/actions";

export const dynamic = "force-dynamic";

/** The store's size, pages, span and counts, and the retention policy with its last pass: they cover every namespace, so for unscoped principals. */
export const GET = guard("viewer", async (_request, _context, principal) =>
  principal.scopes ? jsonError(403, "the store's counts cover every namespace: shown to unscoped users only") : Response.json(await storeStatus()),
);
