import { guard } from "@/lib/auth/guard";

export const dynamic = "force-dynamic";

/** Who the caller is: `{"name", "role", "groups", "scopes", "method"}` (`scopes` null when unscoped). */
export const GET = guard("viewer", (_request, _context, principal) => Response.json(principal));
